namespace Alerting.Notifiers.Teams.Internal;

/// <summary>Teams' formats, limits and the channel's defaults (providers reference, Microsoft Teams section).</summary>
internal static class TeamsConstants
{
    /// <summary>The logger category of the Teams channel.</summary>
    public const string LogCategory = "Alerting.Teams";

    /// <summary>The content type of an Adaptive Card attachment in the message envelope.</summary>
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The Adaptive Card schema's URL.</summary>
    public const string AdaptiveCardSchema = "http://adaptivecards.io/schemas/adaptive-card.json";

    /// <summary>The card version: Teams renders 1.5 and earlier; 1.4 is the safe common choice.</summary>
    public const string AdaptiveCardVersion = "1.4";

    /// <summary>Teams' limit on a message, in bytes: larger messages are rejected.</summary>
    public const int MaxMessageBytes = 28 * 1024;

    /// <summary>The default body budget: below the 28 KB limit and the ~21 KB at which some clients fail.</summary>
    public const int DefaultMaxBodyBytes = 20_000;

    /// <summary>The smallest body budget accepted: room for the envelope, a title, a message and the facts.</summary>
    public const int MinBodyBytes = 2_000;

    /// <summary>The longest source in the title of an alert's fact, in a grouped notification.</summary>
    public const int MaxFactTitleLength = 100;

    /// <summary>The longest line of an alert in a grouped notification: a fact is no place for a log.</summary>
    public const int MaxAlertTextLength = 1000;

    /// <summary>Teams throttles a webhook past four requests per second.</summary>
    public const int RequestsPerSecond = 4;

    /// <summary>What a legacy connector puts in a 200 body when it throttles (<c>… returned HTTP error 429 …</c>), and other errors like it.</summary>
    public const string LegacyErrorPattern = @"HTTP error (?<status>[1-5][0-9]{2})\b";
}
