using Alerting.Incidents;
using Alerting.Redis;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// What every <see cref="ISilenceStore"/> must do: keep silences by name (ignoring case) as they were given, leave out the
/// ended ones, and tell every replica of a change. A store written for another database runs this same contract.
/// </summary>
public abstract class SilenceStoreContractTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Several stores over the same silences, as several replicas have (for the in-process store: the same one).</summary>
    private protected abstract IReadOnlyList<ISilenceStore> CreateReplicas(int count);

    private static SilenceOptions Maintenance() => new()
    {
        StartsAt = s_now.AddMinutes(5),
        EndsAt = s_now.AddHours(2),
        Comment = "database upgrade",
        EventTypes = ["job.*"],
        Sources = ["db-*", "backup"],
        Environments = ["prod"],
        Attributes = [new AttributeCondition { Name = "region", Pattern = "^eu-", Negate = true }],
    };

    /// <summary>Completes when <paramref name="token"/> fires; a test awaits it with a deadline instead of sleeping.</summary>
    private static Task Fired(IChangeToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), fired);
        return fired.Task;
    }

    [Test]
    public async Task SetAsync_OnOneReplica_AnotherReadsTheSameSilenceByNameIgnoringCase()
    {
        var replicas = CreateReplicas(2);

        await replicas[0].SetAsync("DB-Maintenance", Maintenance());
        var read = await replicas[1].GetAllAsync(s_now);

        var silence = read["db-maintenance"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Keys, Is.EqualTo(new[] { "DB-Maintenance" }), "the name as it was given");
            Assert.That((silence.StartsAt, silence.EndsAt, silence.Comment), Is.EqualTo((s_now.AddMinutes(5), (DateTimeOffset?)s_now.AddHours(2), "database upgrade")));
            Assert.That((silence.EventTypes, silence.Sources, silence.Environments), Is.EqualTo((new List<string> { "job.*" }, new List<string> { "db-*", "backup" }, new List<string> { "prod" })));
            Assert.That(silence.Attributes.Select(a => (a.Name, a.Value, a.Pattern, a.Negate)), Is.EqualTo(new[] { ("region", (string?)null, "^eu-", true) }));
        }
    }

    [Test]
    public async Task SetAsync_SameNameAgain_ReplacesIt()
    {
        var replicas = CreateReplicas(2);

        await replicas[0].SetAsync("maintenance", Maintenance());
        await replicas[1].SetAsync("MAINTENANCE", new SilenceOptions { EndsAt = s_now.AddHours(1) });
        var read = await replicas[0].GetAllAsync(s_now);

        Assert.That(read.Single().Value.Sources, Is.Empty);
    }

    [Test]
    public async Task RemoveAsync_OnAnotherReplica_RemovesItForAll_ThenFindsNoneToRemove()
    {
        var replicas = CreateReplicas(2);
        await replicas[0].SetAsync("maintenance", Maintenance());

        var removed = await replicas[1].RemoveAsync("Maintenance");
        var again = await replicas[0].RemoveAsync("maintenance");
        var read = await replicas[0].GetAllAsync(s_now);

        Assert.That((removed, again, read.Count), Is.EqualTo((true, false, 0)));
    }

    [Test]
    public async Task GetAllAsync_SilenceEndedByTheCallersClock_IsLeftOut()
    {
        var replicas = CreateReplicas(1);
        await replicas[0].SetAsync("ended", new SilenceOptions { EndsAt = s_now });
        await replicas[0].SetAsync("running", new SilenceOptions { EndsAt = s_now.AddMinutes(1) });

        var read = await replicas[0].GetAllAsync(s_now);

        Assert.That(read.Keys, Is.EqualTo(new[] { "running" }));
    }

    [Test]
    public async Task SetAsyncAndRemoveAsync_OnOneReplica_FireTheOthersChangeToken()
    {
        var replicas = CreateReplicas(2);
        replicas[1].GetChangeToken();
        await replicas[1].GetAllAsync(s_now); // a replica follows the store from its first read on

        var added = Fired(replicas[1].GetChangeToken());
        await replicas[0].SetAsync("maintenance", Maintenance());
        await added.WaitAsync(TimeSpan.FromSeconds(10));
        var removed = Fired(replicas[1].GetChangeToken());
        await replicas[0].RemoveAsync("maintenance");
        await removed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(await replicas[1].GetAllAsync(s_now), Is.Empty);
    }
}

[TestFixture]
public sealed class InMemorySilenceStoreContractTests : SilenceStoreContractTests
{
    private protected override IReadOnlyList<ISilenceStore> CreateReplicas(int count) => [.. Enumerable.Repeat(new InMemorySilenceStore(), count)];
}

[TestFixture]
public sealed class RedisSilenceStoreContractTests : SilenceStoreContractTests
{
    private readonly List<RedisSilenceStore> _stores = [];
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    [TearDown]
    public void DisposeStores()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _stores.Clear();
    }

    /// <summary>Each replica on a fake clock that never moves, so only a change message can fire its token.</summary>
    private protected override IReadOnlyList<ISilenceStore> CreateReplicas(int count) =>
        _replicas.Create<ISilenceStore>(count, (connection, options) =>
        {
            var store = new RedisSilenceStore(connection, options, new FakeTimeProvider());
            _stores.Add(store);
            return store;
        });
}
