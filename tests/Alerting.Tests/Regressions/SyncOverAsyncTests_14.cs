using System.Collections.Concurrent;
using Alerting.Diagnostics;
using Alerting.Dispatch;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 14: an app that blocks on the library under a single-threaded synchronization context (a UI thread, classic
/// ASP.NET) must not deadlock, so no await in the library may resume on the caller's context.
/// </summary>
[TestFixture]
public sealed class SyncOverAsyncTests_14
{
    private static readonly TimeSpan s_deadlockGuard = TimeSpan.FromSeconds(20);

    [Test]
    public async Task PublishAndWaitAsync_BlockedOnUnderASingleThreadedContext_Completes()
    {
        await using var provider = CreateProvider();
        var publisher = provider.GetRequiredService<IAlertPublisher>();

        var result = RunBlockingOnSingleThreadedContext(() =>
            publisher.PublishAndWaitAsync(Some.Problem()).GetAwaiter().GetResult());

        Assert.That(result.AllDelivered, Is.True);
    }

    [Test]
    public async Task SendTestAsync_BlockedOnUnderASingleThreadedContext_Completes()
    {
        await using var provider = CreateProvider();
        var tester = provider.GetRequiredService<IAlertingTester>();

        var outcome = RunBlockingOnSingleThreadedContext(() => tester.SendTestAsync("ops").GetAwaiter().GetResult());

        Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
    }

    /// <summary>A channel that completes asynchronously, off the caller's thread, as a network call would.</summary>
    private static ServiceProvider CreateProvider()
    {
        var services = new ServiceCollection();
        services.AddAlerting(a => a
            .AddRecording("ops", out _, o => o.Sink.Respond = async (_, _) =>
            {
                await Task.Yield();
                return DeliveryResult.Delivered();
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops")));
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Runs <paramref name="blockingCall"/> on a thread whose synchronization context only runs posted work when that
    /// same thread pumps it, which it never does while blocked: any continuation captured there would never run.
    /// </summary>
    private static T RunBlockingOnSingleThreadedContext<T>(Func<T> blockingCall)
    {
        var context = new SingleThreadedSynchronizationContext();
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                result = blockingCall();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        { IsBackground = true, Name = "single-threaded-context" };
        thread.Start();

        var finished = thread.Join(s_deadlockGuard);

        Assert.That(finished, Is.True, $"Deadlocked: {context.Posted} continuation(s) were posted to the blocked caller's context.");
        if (failure is not null)
        {
            throw new AssertionException("The blocking call threw.", failure);
        }

        Assert.That(context.Posted, Is.Zero, "A continuation was posted to the caller's synchronization context.");
        return result!;
    }

    /// <summary>Queues posted callbacks for the owning thread, which only runs them when it pumps (never, here).</summary>
    private sealed class SingleThreadedSynchronizationContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();

        public int Posted => _queue.Count;

        public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Send to a blocked thread would deadlock.");

        public override SynchronizationContext CreateCopy() => this;
    }
}
