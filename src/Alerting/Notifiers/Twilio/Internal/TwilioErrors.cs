using System.Collections.Frozen;

namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>
/// The Twilio error codes the SMS channel classifies (providers reference, "Error codes a notifier must classify"):
/// what each means in a reason, and whether it is worth retrying whatever HTTP status carried it. Codes not listed
/// here are classified by their HTTP status.
/// </summary>
internal static class TwilioErrors
{
    public const int AuthenticationFailed = 20003;

    public const int TooManyRequests = 20429;

    public const int InvalidTo = 21211;

    public const int OptedOut = 21610;

    public const int QueueFull = 21611;

    private static readonly FrozenDictionary<int, (string Meaning, bool Transient)> s_codes = new Dictionary<int, (string, bool)>
    {
        [AuthenticationFailed] = ("authentication failed; check the credentials", false),
        [TooManyRequests] = ("too many concurrent requests; not processed", true),
        [InvalidTo] = ("invalid 'To' number", false),
        [21606] = ("the 'From' number cannot send SMS", false),
        [21608] = ("unverified recipient for a trial account", false),
        [OptedOut] = ("recipient opted out (replied STOP)", false),
        [QueueFull] = ("the sender's queue is full", true),
        [21612] = ("'To' cannot be reached from this sender", false),
        [21614] = ("'To' is not a mobile number", false),
        [21635] = ("'To' is a landline", false),
        [21617] = ("body over 1600 characters", false),
        [21658] = ("body or a parameter over its limit", false),
        [14103] = ("empty body or body over 1600 characters", false),
    }.ToFrozenDictionary();

    /// <summary>Whether the code is worth retrying; <see langword="null"/> for codes the HTTP status classifies.</summary>
    public static bool? IsTransient(int code) => s_codes.TryGetValue(code, out var known) ? known.Transient : null;

    /// <summary>A short explanation of the code, or <see langword="null"/> when it is not one the channel classifies.</summary>
    public static string? Meaning(int code) => s_codes.TryGetValue(code, out var known) ? known.Meaning : null;
}
