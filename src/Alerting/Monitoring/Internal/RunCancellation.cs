namespace Alerting.Monitoring.Internal;

/// <summary>What asking to cancel a run did.</summary>
internal enum RunCancellation
{
    /// <summary>The run's token was cancelled; the work stops when it next observes it.</summary>
    Requested,

    /// <summary>The run was already asked to stop.</summary>
    AlreadyRequested,

    /// <summary>No such run is in progress under <c>RunAsync</c> in this process.</summary>
    NotFound,
}
