using System.Collections.Concurrent;
using System.Diagnostics;
using Alerting.IntegrationTests.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Separate OS processes sharing one Redis-protocol server, one of which is killed (SIGKILL): the replica that sent an
/// escalation level, and the next level still fires, once, from the replica that is left; the replica that accepted an
/// event and could not deliver it yet, and the one left delivers it, once.
/// </summary>
[TestFixture]
public sealed class ReplicaFailoverTests
{
    [Test]
    public async Task ReplicaKilledAfterSendingALevel_TheNextLevelFiresOnceFromTheOtherReplicaOnTime()
    {
        using var server = RedisTestServer.Start();
        await using var receiver = await ReplicaReceiver.StartNewAsync();
        var prefix = $"failover-{Guid.NewGuid():N}:";
        using var a = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-a");
        using var b = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-b");
        await Task.WhenAll(a.ExpectAsync("ready"), b.ExpectAsync("ready"));

        await a.SendAsync("fail nightly-import");
        await a.ExpectAsync("published");
        var firstLevel = await receiver.NextAsync("level-1", accepted: true);
        var (victim, survivor) = firstLevel.Replica == a.Name ? (a, b) : (b, a);
        victim.Kill();
        var killed = Stopwatch.GetTimestamp();
        var secondLevel = await receiver.NextAsync("level-2", accepted: true);
        var afterKill = Stopwatch.GetElapsedTime(killed);
        await survivor.StopAsync(); // drains whatever else it queued, so a duplicate would be counted
        await TestContext.Out.WriteLineAsync($"level 1 from {firstLevel.Replica} (killed), level 2 from {secondLevel.Replica} {afterKill.TotalSeconds:F2} s after the kill ({server.Kind})");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(secondLevel.Replica, Is.EqualTo(survivor.Name), "the next level came from the replica left");
            Assert.That(afterKill, Is.LessThan(ReplicaProgram.SecondLevelDelay + ReplicaProgram.TakeoverLease), "within the level's delay and the lease");
            Assert.That(receiver.Accepted.Where(r => r.Channel != "service").GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => g.Count()), Is.EquivalentTo(new Dictionary<string, int>
            {
                ["pager"] = 1,
                ["level-1"] = 1,
                ["level-2"] = 1,
            }), "each notification once across the replicas");
        }
    }

    [Test]
    public async Task ReplicaKilledBeforeDeliveringAnEvent_TheOtherReplicaDeliversItOnceWithinTheLease()
    {
        using var server = RedisTestServer.Start();
        await using var receiver = await ReplicaReceiver.StartNewAsync();
        receiver.Refuse("replica-a"); // replica A's deliveries fail (503), so its event stays pending
        var prefix = $"failover-{Guid.NewGuid():N}:";
        using var a = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-a");
        using var b = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-b");
        await Task.WhenAll(a.ExpectAsync("ready"), b.ExpectAsync("ready"));

        await a.SendAsync("fail payments-reconcile");
        await a.ExpectAsync("published");
        await receiver.NextAsync("pager", accepted: false); // A tried, and will retry: kill it now
        a.Kill();
        var killed = Stopwatch.GetTimestamp();
        var delivered = await receiver.NextAsync("pager", accepted: true);
        var afterKill = Stopwatch.GetElapsedTime(killed);
        await b.StopAsync();
        await TestContext.Out.WriteLineAsync($"the event A accepted was delivered by {delivered.Replica} {afterKill.TotalSeconds:F2} s after A was killed ({server.Kind})");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered.Replica, Is.EqualTo("replica-b"));
            Assert.That(afterKill, Is.LessThan(ReplicaProgram.TakeoverLease + ReplicaProgram.TakeoverPollInterval + TimeSpan.FromSeconds(2)), "within the lease, a poll and a delivery");
            Assert.That(receiver.Accepted.Count(r => r.Channel == "pager"), Is.EqualTo(1), "delivered once");
        }
    }

    [Test]
    public async Task AcknowledgedOnReplicaB_TheEscalationReplicaAStartedStops()
    {
        using var server = RedisTestServer.Start();
        await using var receiver = await ReplicaReceiver.StartNewAsync();
        var prefix = $"failover-{Guid.NewGuid():N}:";
        using var a = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-a");
        using var b = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-b");
        await Task.WhenAll(a.ExpectAsync("ready"), b.ExpectAsync("ready"));

        await a.SendAsync("fail acknowledged-job");
        await a.ExpectAsync("published");
        await a.SendAsync("fail control-job"); // not acknowledged: its escalation shows when the other's would have run
        await a.ExpectAsync("published");
        await receiver.NextAsync("pager", accepted: true);
        await b.SendAsync("ack acknowledged-job");
        await b.ExpectAsync("acknowledged");
        await receiver.NextAsync("level-2", accepted: true); // the control incident's last level: both levels are past
        await Task.WhenAll(a.StopAsync(), b.StopAsync()); // drain whatever either queued

        var escalations = receiver.Accepted.Count(r => r.Channel.StartsWith("level-", StringComparison.Ordinal));
        Assert.That(escalations, Is.EqualTo(2), "the control incident's two levels, none of the acknowledged one's");
    }

    [Test]
    public async Task ThreeReplicasReportAServiceWithMinimumTwo_TwoGoQuiet_ExactlyOneServiceDegradedForTheCluster()
    {
        using var server = RedisTestServer.Start();
        await using var receiver = await ReplicaReceiver.StartNewAsync();
        var prefix = $"failover-{Guid.NewGuid():N}:";
        using var a = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-a");
        using var b = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-b");
        using var c = ReplicaProcess.Start(server.Configuration, prefix, receiver.BaseAddress, "replica-c");
        ReplicaProcess[] replicas = [a, b, c];
        await Task.WhenAll(replicas.Select(r => r.ExpectAsync("ready")));
        await Task.WhenAll(replicas.Select(r => r.SendAsync("healthy")));
        await Task.WhenAll(replicas.Select(r => r.ExpectAsync("reporting")));

        foreach (var replica in (ReplicaProcess[])[b, c])
        {
            await replica.SendAsync("quiet"); // alive, judging, but no longer reporting its instance
            await replica.ExpectAsync("quiet");
        }

        var quiet = Stopwatch.GetTimestamp();
        var degraded = await receiver.NextAsync("service", accepted: true);
        var after = Stopwatch.GetElapsedTime(quiet);
        await Task.WhenAll(replicas.Select(r => r.StopAsync())); // every replica drains what it queued
        await TestContext.Out.WriteLineAsync($"service.degraded from {degraded.Replica} {after.TotalSeconds:F2} s after two of three instances went quiet ({server.Kind})");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(receiver.Accepted.Count(r => r.Channel == "service"), Is.EqualTo(1), "one service.degraded for the cluster, from three judging replicas");
            Assert.That(after, Is.LessThan(ReplicaProgram.InstanceHeartbeatTimeout * 3), "about one instance timeout after the last reports");
        }
    }

    /// <summary>
    /// Records each webhook by channel (the path) and the replica that sent it (its <c>X-Replica</c> header); answers
    /// 503 to the replicas it is told to refuse, 204 to the others.
    /// </summary>
    private sealed class ReplicaReceiver : ProviderEmulator
    {
        private readonly ConcurrentQueue<(string Channel, string Replica, bool Accepted)> _received = new();
        private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<(string Channel, string Replica)> Accepted => [.. _received.Where(r => r.Accepted).Select(r => (r.Channel, r.Replica))];

        public void Refuse(string replica) => _refused[replica] = true;

        public static async Task<ReplicaReceiver> StartNewAsync()
        {
            var receiver = new ReplicaReceiver();
            await receiver.StartAsync();
            return receiver;
        }

        /// <summary>Waits (at most 30 seconds, without polling) for the first request to <paramref name="channel"/> that was (or was not) accepted.</summary>
        public async Task<(string Channel, string Replica)> NextAsync(string channel, bool accepted)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                if (_received.FirstOrDefault(r => r.Channel == channel && r.Accepted == accepted) is { Channel: not null } found)
                {
                    return (found.Channel, found.Replica);
                }

                await _arrived.WaitAsync(deadline.Token);
            }
        }

        protected override void Map(WebApplication app) => app.MapPost("/{channel}", (HttpContext context, string channel) =>
        {
            var replica = context.Request.Headers["X-Replica"].ToString();
            var accepted = !_refused.ContainsKey(replica);
            _received.Enqueue((channel, replica, accepted));
            _arrived.Release();
            return accepted ? Results.NoContent() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
    }
}
