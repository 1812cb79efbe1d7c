using System.Buffers;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// The rule every channel applies to text for people (the template escaper's): control characters are removed, except
/// line feed, carriage return and tab, which keep their meaning in a body (line ends become CRLF later). Removed are the
/// other C0 controls (NUL, BEL, ESC...), DEL and the C1 controls U+0080 to U+009F, NEL (U+0085) included.
/// </summary>
internal static class EmailText
{
    private static readonly SearchValues<char> s_removed = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F");

    /// <summary><paramref name="text"/> without its control characters other than CR, LF and tab; the same string when it has none.</summary>
    public static string RemoveControls(string text)
    {
        var next = text.AsSpan().IndexOfAny(s_removed);
        if (next < 0)
        {
            return text;
        }

        return string.Create(text.Length - Count(text.AsSpan(next)), text, static (output, text) =>
        {
            var written = 0;
            foreach (var c in text)
            {
                if (!s_removed.Contains(c))
                {
                    output[written++] = c;
                }
            }
        });
    }

    private static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var next = text.IndexOfAny(s_removed); next >= 0; next = text.IndexOfAny(s_removed))
        {
            count++;
            text = text[(next + 1)..];
        }

        return count;
    }
}
