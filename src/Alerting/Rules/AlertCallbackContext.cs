namespace Alerting.Rules;

/// <summary>What a host-callback action is given: the event, the rule that matched and a token.</summary>
public readonly struct AlertCallbackContext
{
    internal AlertCallbackContext(AlertEvent alertEvent, string ruleName, CancellationToken cancellationToken)
    {
        Event = alertEvent;
        RuleName = ruleName;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the event that matched.</summary>
    public AlertEvent Event { get; }

    /// <summary>Gets the name of the rule that matched.</summary>
    public string RuleName { get; }

    /// <summary>Gets a token signalled when the action times out or the application stops.</summary>
    public CancellationToken CancellationToken { get; }
}
