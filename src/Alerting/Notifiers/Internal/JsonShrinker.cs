using System.Text.Json.Nodes;

namespace Alerting.Notifiers.Internal;

/// <summary>
/// Keeps a JSON message under a provider's size limit by cutting its longest text values visibly, one at a time,
/// until the whole is small enough (in bytes as sent, or in characters of text). Only values the caller calls text are
/// cut (never URLs, types or ids).
/// </summary>
internal static class JsonShrinker
{
    /// <summary>The shortest a text is cut to; below it the next longest text is cut instead.</summary>
    private const int MinimumLength = 40;

    /// <summary>
    /// Cuts text values (string properties whose name <paramref name="isText"/> accepts) until <paramref name="node"/>
    /// measures at most <paramref name="max"/>; returns the measure reached, which stays over the limit only when no text
    /// is left to cut.
    /// </summary>
    /// <param name="node">The JSON to shrink in place.</param>
    /// <param name="max">The budget.</param>
    /// <param name="isText">Which property names hold text that may be cut.</param>
    /// <param name="measure">What the budget counts; defaults to <see cref="Size"/>, the UTF-8 bytes as sent.</param>
    public static int Shrink(JsonNode node, int max, Func<string, bool> isText, Func<JsonNode, int>? measure = null)
    {
        measure ??= Size;
        var size = measure(node);
        while (size > max)
        {
            var longest = Texts(node, isText).Where(t => t.Value.Length > MinimumLength).MaxBy(t => t.Value.Length);
            if (longest.Parent is null)
            {
                return size;
            }

            // Cut by the excess, leaving room for the marker; a character is at least one byte, so one cut of the
            // longest text is usually enough, and each pass shortens a text, so the loop ends.
            var excess = size - max;
            var keep = Math.Max(MinimumLength, longest.Value.Length - excess - NotifierCapabilities.TruncationMarker.Length);
            longest.Parent[longest.Name] = TextTruncation.Truncate(longest.Value, keep, out _);
            size = measure(node);
        }

        return size;
    }

    /// <summary>The size of <paramref name="node"/> in UTF-8 bytes, written as <see cref="JsonPayload.ToUtf8Bytes"/> writes it.</summary>
    public static int Size(JsonNode node) => JsonPayload.ToUtf8Bytes(node).Length;

    /// <summary>The characters of all text values (string properties whose name <paramref name="isText"/> accepts) together.</summary>
    public static int TextLength(JsonNode node, Func<string, bool> isText) => Texts(node, isText).Sum(t => t.Value.Length);

    private static IEnumerable<(JsonObject? Parent, string Name, string Value)> Texts(JsonNode? node, Func<string, bool> isText)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        if (isText(name))
                        {
                            yield return (obj, name, text);
                        }
                    }
                    else
                    {
                        foreach (var found in Texts(child, isText))
                        {
                            yield return found;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var found in Texts(child, isText))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}
