using System.Collections.Concurrent;
using System.Diagnostics;
using Alerting.IntegrationTests.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Escalation across separate OS processes sharing one Redis-protocol server: the replica that sent an escalation
/// level is killed (SIGKILL), and the next level still fires, once, from the replica that is left.
/// </summary>
[TestFixture]
public sealed class EscalationFailoverTests
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
        var firstLevel = await receiver.NextAsync("level-1");
        var (victim, survivor) = firstLevel.Replica == a.Name ? (a, b) : (b, a);
        victim.Kill();
        var killed = Stopwatch.GetTimestamp();
        var secondLevel = await receiver.NextAsync("level-2");
        var afterKill = Stopwatch.GetElapsedTime(killed);
        await survivor.StopAsync(); // drains whatever else it queued, so a duplicate would be counted
        await TestContext.Out.WriteLineAsync($"level 1 from {firstLevel.Replica} (killed), level 2 from {secondLevel.Replica} {afterKill.TotalSeconds:F2} s after the kill ({server.Kind})");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(secondLevel.Replica, Is.EqualTo(survivor.Name), "the next level came from the replica left");
            Assert.That(afterKill, Is.LessThan(ReplicaProgram.SecondLevelDelay + ReplicaProgram.StepLease), "within the level's delay and the lease");
            Assert.That(receiver.Received.GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => g.Count()), Is.EquivalentTo(new Dictionary<string, int>
            {
                ["pager"] = 1,
                ["level-1"] = 1,
                ["level-2"] = 1,
            }), "each notification once across the replicas");
        }
    }

    /// <summary>Records each webhook by channel (the path) and the replica that sent it (its <c>X-Replica</c> header).</summary>
    private sealed class ReplicaReceiver : ProviderEmulator
    {
        private readonly ConcurrentQueue<(string Channel, string Replica)> _received = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<(string Channel, string Replica)> Received => [.. _received];

        public static async Task<ReplicaReceiver> StartNewAsync()
        {
            var receiver = new ReplicaReceiver();
            await receiver.StartAsync();
            return receiver;
        }

        /// <summary>Waits (at most 30 seconds, without polling) for the first delivery to <paramref name="channel"/>.</summary>
        public async Task<(string Channel, string Replica)> NextAsync(string channel)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                if (_received.FirstOrDefault(r => r.Channel == channel) is { Channel: not null } found)
                {
                    return found;
                }

                await _arrived.WaitAsync(deadline.Token);
            }
        }

        protected override void Map(WebApplication app) => app.MapPost("/{channel}", (HttpContext context, string channel) =>
        {
            _received.Enqueue((channel, context.Request.Headers["X-Replica"].ToString()));
            _arrived.Release();
            return Results.NoContent();
        });
    }
}
