using System.Text.RegularExpressions;

namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>
/// Phone numbers are personal data: everything the channel shows (reasons, logs, results, history) carries them masked
/// but for their last four digits, <c>+*******4567</c>.
/// </summary>
internal static partial class PhoneNumber
{
    /// <summary>Numbers with at most this many digits are masked entirely: four digits would be most of them.</summary>
    private const int ShortestWithVisibleTail = 7;

    private const int VisibleDigits = 4;

    /// <summary>E.164: <c>+</c>, a country code that does not start with 0, at most 15 digits in all, nothing else.</summary>
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    public static partial Regex E164();

    /// <summary>The number as it may be shown: its <c>+</c>, a star per hidden digit, and the last four digits.</summary>
    public static string Mask(string number)
    {
        var plus = number.StartsWith('+') ? 1 : 0;
        var digits = number.Length - plus;
        var shown = digits >= ShortestWithVisibleTail ? VisibleDigits : 0;
        return string.Concat(number.AsSpan(0, plus), new string('*', digits - shown), number.AsSpan(number.Length - shown));
    }

    /// <summary><paramref name="text"/> with <paramref name="number"/>, with or without its <c>+</c>, replaced by its masked form.</summary>
    public static string Scrub(string text, string number)
    {
        var masked = Mask(number);
        text = text.Replace(number, masked, StringComparison.Ordinal);
        var bare = number.TrimStart('+');
        return bare.Length > 0 && bare != number ? text.Replace(bare, masked, StringComparison.Ordinal) : text;
    }
}
