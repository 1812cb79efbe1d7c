namespace Alerting.Diagnostics;

/// <summary>Whether Alerting's dispatch runs.</summary>
public enum AlertingDispatchState
{
    /// <summary>Not started yet: it starts with the host, or on the first publish when there is none.</summary>
    NotStarted = 0,

    /// <summary>Accepting, routing and delivering events.</summary>
    Running = 1,

    /// <summary>Stopping or stopped: no new event is accepted.</summary>
    Stopped = 2,
}
