namespace Alerting.Monitoring;

/// <summary>How an <see cref="IJobRunStore"/> judged a scheduled start whose grace period passed.</summary>
public enum JobStartCheck
{
    /// <summary>A run, started on any replica, answered it.</summary>
    Met,

    /// <summary>No run answered it, and this caller is the first to find it: it raises <c>job.start_missed</c>.</summary>
    Missed,

    /// <summary>No run answered it, and <c>job.start_missed</c> was raised for it already.</summary>
    AlreadyMissed,
}
