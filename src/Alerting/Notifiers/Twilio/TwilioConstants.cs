namespace Alerting.Notifiers.Twilio;

/// <summary>Twilio's limits and the error codes the SMS channel classifies (providers reference, Twilio section).</summary>
internal static class TwilioConstants
{
    /// <summary>The longest <c>Body</c> Twilio accepts, in UTF-16 code units.</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>The sender's queue holds more than 10 hours of messages: transient, slow down.</summary>
    public const int QueueFull = 21611;

    /// <summary>Authentication failed.</summary>
    public const int AuthenticationFailed = 20003;

    /// <summary>The recipient replied STOP; sending resumes only after they reply START.</summary>
    public const int OptedOut = 21610;
}
