using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.IntegrationTests.Schedulers;

/// <summary>
/// Alerting with a rule that records every <c>job.*</c> event its monitor raises, and a bounded wait for the events a
/// real scheduler should cause: a test fails loudly after <see cref="Guard"/> instead of hanging.
/// </summary>
internal sealed class JobEventSink
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private static readonly string[] s_jobTypes =
    [
        AlertEventTypes.JobSucceeded, AlertEventTypes.JobFailed, AlertEventTypes.JobStartMissed,
        AlertEventTypes.JobTimedOut, AlertEventTypes.JobHeartbeatMissed, AlertEventTypes.JobFinishLate,
    ];

    private readonly ConcurrentQueue<AlertEvent> _events = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<AlertEvent> Events => [.. _events];

    /// <summary>Adds Alerting, with the jobs' expectations from <paramref name="jobs"/>, recording into this sink.</summary>
    public IServiceCollection AddAlerting(IServiceCollection services, Action<AlertingBuilder> jobs) =>
        services.AddAlerting(a =>
        {
            jobs(a);
            a.AddRule("jobs", r => r.ForTypes(s_jobTypes).WithoutIncidents().Call(context =>
            {
                _events.Enqueue(context.Event);
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return ValueTask.CompletedTask;
            }));
        });

    /// <summary>Waits until <paramref name="done"/> holds for the events so far.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<AlertEvent>, bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(Guard);
        while (!done(Events))
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (done(Events))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {Guard} waiting for {what}. Events so far: {string.Join("; ", Events.Select(e => $"{e.Type} {e.Status} {e.Source}"))}");
            }
        }
    }

    public List<AlertEvent> For(string source, string type) => [.. Events.Where(e => e.Source == source && e.Type == type)];
}
