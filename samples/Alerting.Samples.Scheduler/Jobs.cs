using Quartz;

namespace Alerting.Samples.Scheduler;

/// <summary>Imports something and succeeds.</summary>
internal sealed class ImportJob : IJob
{
    public Task Execute(IJobExecutionContext context) => Task.Delay(TimeSpan.FromMilliseconds(100), context.CancellationToken);
}

/// <summary>Fails on its first run and succeeds on the next (a success after a failure is reported even without NotifyOnSuccess).</summary>
internal sealed class FlakyJob : IJob
{
    private static int s_runs;

    public Task Execute(IJobExecutionContext context) =>
        Interlocked.Increment(ref s_runs) % 2 == 1 ? throw new InvalidOperationException("The upstream API answered 503.") : Task.CompletedTask;
}

/// <summary>Runs for two seconds, past the one-second maximum run time registered for it.</summary>
internal sealed class CleanupJob : IJob
{
    public Task Execute(IJobExecutionContext context) => Task.Delay(TimeSpan.FromSeconds(2), context.CancellationToken);
}
