namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>Twilio Programmable Messaging limits and defaults (providers reference, Twilio section).</summary>
internal static class TwilioConstants
{
    /// <summary>The longest <c>Body</c> Twilio accepts, in UTF-16 code units; longer is rejected (21617).</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>The longest <c>ValidityPeriod</c> Twilio accepts, and its default: 10 hours.</summary>
    public static readonly TimeSpan MaxValidityPeriod = TimeSpan.FromSeconds(36000);

    /// <summary>A US long code sends about one segment per second; Twilio queues the rest.</summary>
    public const int MessagesPerSecond = 1;

    /// <summary>The Messages resource under the base URL; <c>.json</c> selects JSON answers.</summary>
    public static string MessagesPath(string accountSid) => $"2010-04-01/Accounts/{accountSid}/Messages.json";
}
