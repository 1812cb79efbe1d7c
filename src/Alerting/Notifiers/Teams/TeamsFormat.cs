namespace Alerting.Notifiers.Teams;

/// <summary>What a Teams channel posts.</summary>
public enum TeamsFormat
{
    /// <summary>A message with one Adaptive Card (version 1.4), for a Workflows (Power Automate) webhook. The default.</summary>
    AdaptiveCard = 0,

    /// <summary>A legacy connector <c>MessageCard</c>, for an Office 365 connector URL that still works. Opt-in, best effort: connectors are retired.</summary>
    MessageCard = 1,
}
