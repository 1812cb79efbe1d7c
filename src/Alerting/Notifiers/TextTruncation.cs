namespace Alerting.Notifiers;

/// <summary>
/// The one place text is cut to a provider's limit: visibly (ending in <see cref="NotifierCapabilities.TruncationMarker"/>),
/// and never through a surrogate pair. The dispatcher cuts titles and messages to a notifier's declared limits; a
/// notifier uses this for the fields it builds itself, as the built-in channels do.
/// </summary>
public static class TextTruncation
{
    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> UTF-16 code units, ending with the marker.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The limit; <see langword="null"/> for none.</param>
    /// <param name="truncated">Whether the text was cut.</param>
    /// <returns>The text itself when it fits; otherwise the cut text and <see langword="true"/> in <paramref name="truncated"/>.</returns>
    public static string Truncate(string text, int? maxLength, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(text);
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
