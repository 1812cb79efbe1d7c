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
    public async Task ResolveKeyAsync_CalledTwice_ClosesOnce()
    {
        var store = new InMemoryIncidentStore();
        await store.RecordFiringAsync("r", "k", Some.Event(), s_now, TimeSpan.FromHours(1));

        var first = await store.ResolveKeyAsync("r", "k", s_now);
        var second = await store.ResolveKeyAsync("r", "k", s_now);

        Assert.Multiple(() =>
        {
            Assert.That(first!.Status, Is.EqualTo(IncidentStatus.Resolved));
            Assert.That(first.ResolvedAt, Is.EqualTo(s_now));
            Assert.That(second, Is.Null);
            Assert.That(store.OpenCount, Is.Zero);
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
