using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>
/// What every <see cref="IServiceHealthStore"/> must do: count instances healthy at the time given, whoever reported
/// them, and tell exactly one caller of each change. Run against the in-process store here, and (this file is linked
/// into the integration tests) against the Redis store on a real server, with several replicas over their own connections.
/// </summary>
public abstract class ServiceHealthStoreContractTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Stores that share one state, as the replicas of an app do; each test gets a fresh one.</summary>
    private protected abstract IReadOnlyList<IServiceHealthStore> CreateReplicas(int count);

    private static DateTimeOffset At(double seconds) => s_start.AddSeconds(seconds);

    [Test]
    public async Task Report_InstancesCountUntilTheirTimeout_ThenAreListedUnhealthy()
    {
        var store = CreateReplicas(1)[0];

        await store.ReportHealthyAsync("api", "a", At(0), s_timeout, null);
        await store.ReportHealthyAsync("api", "b", At(10), s_timeout, null);
        var justBefore = await store.CheckAsync("api", At(30).AddMilliseconds(-1), s_timeout, null);
        var atFirstExpiry = await store.CheckAsync("api", At(30), s_timeout, null);
        var allExpired = await store.CheckAsync("api", At(40), s_timeout, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(justBefore.HealthyInstances, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(justBefore.NextExpiry, Is.EqualTo(At(30)));
            Assert.That((atFirstExpiry.HealthyInstances, atFirstExpiry.UnhealthyInstances), Is.EqualTo((new[] { "b" }, new[] { "a" })));
            Assert.That(atFirstExpiry.NextExpiry, Is.EqualTo(At(40)));
            Assert.That(allExpired.HealthyInstances, Is.Empty);
            Assert.That(allExpired.UnhealthyInstances, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(allExpired.NextExpiry, Is.Null);
        }
    }

    [Test]
    public async Task Check_BelowTheMinimum_DegradedOnceThenRecoveredOnce()
    {
        var store = CreateReplicas(1)[0];

        var changes = new List<ServiceHealthChange>
        {
            (await store.ReportHealthyAsync("api", "a", At(0), s_timeout, 2)).Change,
            (await store.ReportHealthyAsync("api", "b", At(0), s_timeout, 2)).Change,
            (await store.ReportHealthyAsync("api", "a", At(20), s_timeout, 2)).Change,
            (await store.CheckAsync("api", At(30), s_timeout, 2)).Change,
            (await store.CheckAsync("api", At(31), s_timeout, 2)).Change,
            (await store.ReportHealthyAsync("api", "a", At(35), s_timeout, 2)).Change,
            (await store.ReportHealthyAsync("api", "b", At(36), s_timeout, 2)).Change,
            (await store.CheckAsync("api", At(37), s_timeout, 2)).Change,
        };

        Assert.That(changes, Is.EqualTo(new[]
        {
            ServiceHealthChange.Degraded, // one healthy of two: below from the first report
            ServiceHealthChange.Recovered,
            ServiceHealthChange.None,
            ServiceHealthChange.Degraded, // b expired
            ServiceHealthChange.None,
            ServiceHealthChange.None,
            ServiceHealthChange.Recovered,
            ServiceHealthChange.None,
        }));
    }

    [Test]
    public async Task Check_WithoutAMinimum_CountsAndLeavesTheStateAsItIs()
    {
        var store = CreateReplicas(1)[0];

        var counted = await store.CheckAsync("api", At(0), s_timeout, null);
        var judged = await store.CheckAsync("api", At(0), s_timeout, 1);
        var countedWhileDegraded = await store.ReportHealthyAsync("api", "a", At(1), s_timeout, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((counted.Change, counted.IsDegraded), Is.EqualTo((ServiceHealthChange.None, false)));
            Assert.That((judged.Change, judged.IsDegraded), Is.EqualTo((ServiceHealthChange.Degraded, true)));
            Assert.That((countedWhileDegraded.Change, countedWhileDegraded.IsDegraded, countedWhileDegraded.HealthyInstances.Count), Is.EqualTo((ServiceHealthChange.None, true, 1)));
        }
    }

    [Test]
    public async Task Report_OlderThanTheInstancesLatest_DoesNotMoveItBack()
    {
        var store = CreateReplicas(1)[0];

        await store.ReportHealthyAsync("api", "a", At(20), s_timeout, null);
        var late = await store.ReportHealthyAsync("api", "a", At(0), s_timeout, null);

        Assert.That(late.NextExpiry, Is.EqualTo(At(50)));
    }

    [Test]
    public async Task Check_AtATimeBeforeTheLastChange_DoesNotUndoIt()
    {
        var store = CreateReplicas(1)[0];
        await store.ReportHealthyAsync("api", "a", At(0), s_timeout, 1);

        var degraded = await store.CheckAsync("api", At(30), s_timeout, 1);
        var lagging = await store.CheckAsync("api", At(29), s_timeout, 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(degraded.Change, Is.EqualTo(ServiceHealthChange.Degraded));
            Assert.That((lagging.Change, lagging.IsDegraded, lagging.HealthyInstances.Count), Is.EqualTo((ServiceHealthChange.None, true, 1)), "a replica whose clock lags counts a as healthy, but does not flip the state back");
        }
    }

    [Test]
    public async Task Names_ServicesAreCaseInsensitive_InstancesAreNot_AndServicesCountApart()
    {
        var store = CreateReplicas(1)[0];

        await store.ReportHealthyAsync("API", "a", At(0), s_timeout, null);
        await store.ReportHealthyAsync("api", "A", At(0), s_timeout, null);
        await store.ReportHealthyAsync("worker", "w", At(0), s_timeout, null);
        var api = await store.CheckAsync("Api", At(1), s_timeout, null);

        Assert.That(api.HealthyInstances, Is.EqualTo(new[] { "A", "a" }));
    }

    [Test]
    public async Task Replicas_EachReportingItsOwnInstance_AreCountedTogether()
    {
        var replicas = CreateReplicas(3);

        for (var i = 0; i < replicas.Count; i++)
        {
            await replicas[i].ReportHealthyAsync("api", $"pod-{i}", At(i), s_timeout, null);
        }

        var seenByFirst = await replicas[0].CheckAsync("api", At(30), s_timeout, null);
        Assert.That((seenByFirst.HealthyInstances, seenByFirst.UnhealthyInstances, seenByFirst.NextExpiry), Is.EqualTo((new[] { "pod-1", "pod-2" }, new[] { "pod-0" }, At(31))));
    }

    [Test]
    public async Task Replicas_JudgingTheSameChangesAtOnce_EachIsToldToExactlyOne()
    {
        var replicas = CreateReplicas(3);
        foreach (var (replica, i) in replicas.Select((r, i) => (r, i)))
        {
            await replica.ReportHealthyAsync("api", $"pod-{i}", At(0), s_timeout, 2);
        }

        await replicas[0].ReportHealthyAsync("api", "pod-0", At(20), s_timeout, 2);

        // pod-1 and pod-2 expire at 30 s; every replica checks 20 times at once.
        var checks = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
            await replicas[i % 3].CheckAsync("api", At(30), s_timeout, 2))));

        // They report again at 40 s; every replica reports or checks at once.
        var reports = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () => i % 3 == 0
            ? await replicas[i % 3].CheckAsync("api", At(40), s_timeout, 2)
            : await replicas[i % 3].ReportHealthyAsync("api", $"pod-{i % 3}", At(40), s_timeout, 2))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(checks.Count(c => c.Change == ServiceHealthChange.Degraded), Is.EqualTo(1));
            Assert.That(checks.Count(c => c.Change != ServiceHealthChange.Degraded), Is.EqualTo(59));
            Assert.That(reports.Count(c => c.Change == ServiceHealthChange.Recovered), Is.EqualTo(1));
            Assert.That(reports.Count(c => c.Change == ServiceHealthChange.None), Is.EqualTo(59));
        }
    }
}
