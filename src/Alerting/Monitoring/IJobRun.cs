namespace Alerting.Monitoring;

/// <summary>
/// One run of a job, started by <see cref="IJobMonitor.StartRun"/>. Report progress with <see cref="Heartbeat"/> and
/// the outcome with <see cref="Succeeded"/> or <see cref="Failed(Exception)"/>; only the first outcome counts.
/// Disposing the run without an outcome reports it abandoned (a <c>job.failed</c> event whose <c>outcome</c> is
/// <c>abandoned</c>). Thread-safe.
/// </summary>
public interface IJobRun : IDisposable
{
    /// <summary>Gets the job name.</summary>
    string Job { get; }

    /// <summary>Gets the run id, given to <see cref="IJobMonitor.StartRun"/> or generated.</summary>
    string RunId { get; }

    /// <summary>Gets which attempt of the work this run is, starting at 1.</summary>
    int Attempt { get; }

    /// <summary>Gets when the run started.</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>Gets the scheduled start this run answered, when the job has a schedule and the run started close enough to it.</summary>
    DateTimeOffset? ScheduledAt { get; }

    /// <summary>Gets whether an outcome was reported (or the run was disposed).</summary>
    bool IsFinished { get; }

    /// <summary>Adds a value to the attributes of every event raised about this run from now on (rows imported, a batch id).</summary>
    /// <param name="name">The attribute name templates use; the monitor's own names (<c>run_id</c>, <c>duration</c>...) take precedence.</param>
    /// <param name="value">The value.</param>
    void SetAttribute(string name, object? value);

    /// <summary>Reports that the run is alive. Resolves a <c>job.heartbeat_missed</c> raised for this run; ignored once the run finished.</summary>
    void Heartbeat();

    /// <summary>Reports success. Raises <c>job.succeeded</c> when the job notifies on success or its previous run failed.</summary>
    void Succeeded();

    /// <summary>Reports failure with the exception that caused it; raises <c>job.failed</c> with its type, message and a stack trace excerpt.</summary>
    /// <param name="exception">What went wrong.</param>
    void Failed(Exception exception);

    /// <summary>Reports failure with a description; raises <c>job.failed</c>.</summary>
    /// <param name="message">What went wrong.</param>
    void Failed(string message);
}
