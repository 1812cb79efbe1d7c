namespace Alerting.Monitoring;

/// <summary>What a <c>job-run</c> action does to the monitored run its event names.</summary>
public enum JobRunOperation
{
    /// <summary>
    /// Cancels the token <c>IJobMonitor.RunAsync</c> gave the run's work; the run ends as <c>cancelled</c> when the work
    /// observes it. Cancellation is cooperative: work that never looks at its token finishes as it would have.
    /// </summary>
    Cancel = 0,
}
