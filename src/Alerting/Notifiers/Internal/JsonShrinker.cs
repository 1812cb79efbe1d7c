using System.Text;
using System.Text.Json.Nodes;

namespace Alerting.Notifiers.Internal;

/// <summary>
/// Keeps a JSON message under a provider's size limit by cutting its longest text values visibly, one at a time,
/// until the whole serialises small enough. Only values the caller calls text are cut (never URLs, types or ids).
/// </summary>
internal static class JsonShrinker
{
    /// <summary>The shortest a text is cut to; below it the next longest text is cut instead.</summary>
    private const int MinimumLength = 40;

    /// <summary>
    /// Cuts text values (string properties whose name <paramref name="isText"/> accepts) until <paramref name="node"/>
    /// serialises to at most <paramref name="maxBytes"/> UTF-8 bytes; returns the size reached, which stays over the
    /// limit only when no text is left to cut.
    /// </summary>
    public static int Shrink(JsonNode node, int maxBytes, Func<string, bool> isText)
    {
        var size = Size(node);
        while (size > maxBytes)
        {
            var longest = Texts(node, isText).Where(t => t.Value.Length > MinimumLength).MaxBy(t => t.Value.Length);
            if (longest.Parent is null)
            {
                return size;
            }

            // Cut by the excess (at least a quarter of the text, so the loop ends quickly), leaving room for the marker.
            var excess = size - maxBytes;
            var keep = Math.Max(MinimumLength, Math.Min(longest.Value.Length - excess - 1, longest.Value.Length * 3 / 4));
            longest.Parent[longest.Name] = TextTruncation.Truncate(longest.Value, keep, out _);
            size = Size(node);
        }

        return size;
    }

    public static int Size(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString());

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
