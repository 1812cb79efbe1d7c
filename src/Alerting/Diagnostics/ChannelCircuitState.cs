namespace Alerting.Diagnostics;

/// <summary>The state of a channel's circuit breaker (HTTP channels have one, built-in or a plugin's).</summary>
public enum ChannelCircuitState
{
    /// <summary>The channel has no circuit breaker (it does not send through the HTTP pipeline).</summary>
    None = 0,

    /// <summary>Requests go to the provider.</summary>
    Closed = 1,

    /// <summary>Too many requests in a row failed: deliveries fail at once, without calling the provider, until the break ends.</summary>
    Open = 2,

    /// <summary>The break is over: the next request is a trial, which closes the circuit if it succeeds and opens it again if not.</summary>
    HalfOpen = 3,
}
