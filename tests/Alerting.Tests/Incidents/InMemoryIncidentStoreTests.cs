using Alerting.Incidents;
using Alerting.Incidents.Internal;
using Alerting.Tests.Support;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class InMemoryIncidentStoreTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RecordFiringAsync_RacingPublishersOnManyThreads_OpenEachIncidentExactlyOnce()
    {
        var store = new InMemoryIncidentStore();
        var opened = new int[100];
        var e = Some.Event();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var key = i % opened.Length;
                var decision = await store.RecordFiringAsync("r", $"k{key}", e, s_now, TimeSpan.FromHours(1));
                if (decision.Opened)
                {
                    Interlocked.Increment(ref opened[key]);
                }
            }
        })));

        Assert.Multiple(() =>
        {
            Assert.That(opened, Is.All.EqualTo(1));
            Assert.That(store.OpenCount, Is.EqualTo(100));
            Assert.That(store.GetOpen().Sum(i => i.Occurrences), Is.EqualTo(8 * 2_000));
        });
    }

    [Test]
    public async Task ResolveAsync_CalledTwice_ClosesOnce()
    {
        var store = new InMemoryIncidentStore();
        var opened = await store.RecordFiringAsync("r", "k", Some.Event(), s_now, TimeSpan.FromHours(1));

        var first = await store.ResolveAsync(opened.IncidentId, s_now);
        var second = await store.ResolveAsync(opened.IncidentId, s_now);

        Assert.Multiple(async () =>
        {
            Assert.That(first!.Status, Is.EqualTo(IncidentStatus.Resolved));
            Assert.That(first.ResolvedAt, Is.EqualTo(s_now));
            Assert.That(second, Is.Null);
            Assert.That(store.OpenCount, Is.Zero);
            Assert.That(await store.FindAsync("r", "k"), Is.Null);
        });
    }

    [Test]
    public async Task RecordFiringAsync_WhileResolving_CancelsTheResolve()
    {
        var store = new InMemoryIncidentStore();
        var opened = await store.RecordFiringAsync("r", "k", Some.Event(), s_now, TimeSpan.FromHours(1));

        var marked = await store.MarkResolvingAsync(opened.IncidentId, s_now);
        var again = await store.RecordFiringAsync("r", "k", Some.Event(), s_now.AddSeconds(5), TimeSpan.FromHours(1));
        var resolved = await store.ResolveAsync(opened.IncidentId, s_now.AddMinutes(1), onlyIfResolving: true);

        Assert.Multiple(() =>
        {
            Assert.That(marked, Is.True);
            Assert.That((again.Damped, again.Renotify, again.Opened), Is.EqualTo((true, false, false)));
            Assert.That(resolved, Is.Null, "the problem came back, so the waiting resolve no longer applies");
            Assert.That(store.OpenCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RecordFiringAsync_SameKeyOtherRule_IsAnIncidentOfItsOwn()
    {
        var store = new InMemoryIncidentStore();

        var a = await store.RecordFiringAsync("a", "k", Some.Event(), s_now, TimeSpan.FromHours(1));
        var b = await store.RecordFiringAsync("b", "k", Some.Event(), s_now, TimeSpan.FromHours(1));

        Assert.That((a.Opened, b.Opened, a.IncidentId == b.IncidentId), Is.EqualTo((true, true, false)));
    }
}
