using Alerting.Incidents;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class InMemorySilenceStoreTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task SetAsync_KeepsACopy_FoundByNameIgnoringCase()
    {
        var store = new InMemorySilenceStore();
        var options = new SilenceOptions { EndsAt = s_now.AddHours(1), Sources = ["db-*"], Comment = "upgrade" };

        await store.SetAsync("Maintenance", options);
        options.Sources.Add("web");
        var all = await store.GetAllAsync(s_now);

        Assert.Multiple(() =>
        {
            Assert.That(all.Keys, Is.EqualTo(new[] { "Maintenance" }));
            Assert.That(all["maintenance"].Sources, Is.EqualTo(new[] { "db-*" }), "a change to the caller's options after storing does not reach the store");
            Assert.That(all["maintenance"].Comment, Is.EqualTo("upgrade"));
        });
    }

    [Test]
    public async Task GetAllAsync_SilenceEndedByNow_IsLeftOut()
    {
        var store = new InMemorySilenceStore();
        await store.SetAsync("ended", new SilenceOptions { EndsAt = s_now });
        await store.SetAsync("running", new SilenceOptions { EndsAt = s_now.AddTicks(1) });

        var all = await store.GetAllAsync(s_now);

        Assert.That(all.Keys, Is.EqualTo(new[] { "running" }));
    }

    [Test]
    public async Task ChangeToken_FiresOnSetAndOnRemoval_NotOnRemovingNothing()
    {
        var store = new InMemorySilenceStore();
        var beforeSet = store.GetChangeToken();
        await store.SetAsync("s", new SilenceOptions { EndsAt = s_now.AddHours(1) });
        var beforeRemove = store.GetChangeToken();
        var removed = await store.RemoveAsync("S");
        var beforeMissing = store.GetChangeToken();
        var missing = await store.RemoveAsync("s");

        Assert.Multiple(() =>
        {
            Assert.That((beforeSet.HasChanged, beforeRemove.HasChanged, beforeMissing.HasChanged), Is.EqualTo((true, true, false)));
            Assert.That((removed, missing), Is.EqualTo((true, false)));
        });
    }
}
