using Alerting.Notifiers.Internal;

namespace Alerting.Notifiers;

/// <summary>The one place text is cut to a provider's limit: visibly, and never through a surrogate pair.</summary>
internal static class TextTruncation
{
    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> UTF-16 code units, ending with the marker.</summary>
    /// <returns>The text itself when it fits; otherwise the cut text and <see langword="true"/> in <paramref name="truncated"/>.</returns>
    public static string Truncate(string text, int? maxLength, out bool truncated)
    {
        truncated = false;
        if (maxLength is not { } max || text.Length <= max)
        {
            return text;
        }

        truncated = true;
        var marker = NotifierCapabilities.TruncationMarker;
        if (max <= marker.Length)
        {
            return marker[..Math.Max(max, 0)];
        }

        var keep = max - marker.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), marker);
    }
}
