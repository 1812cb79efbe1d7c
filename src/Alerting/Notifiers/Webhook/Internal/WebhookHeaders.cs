using System.Buffers;
using System.Text;

namespace Alerting.Notifiers.Webhook.Internal;

/// <summary>
/// What may go in a configured header, decided before any request is sent: names are RFC 9110 tokens the HTTP stack
/// does not manage itself, and every rendered value is made sendable. HttpClient refuses a value with a character
/// outside ASCII when it sends, and sends control characters (NUL, BEL, a line break that splits the header in two)
/// as they are; both are handled here so that every event delivers.
/// </summary>
internal static class WebhookHeaders
{
    /// <summary>Headers that frame or route the request, which HttpClient sets: set here, they would contradict it.</summary>
    private static readonly HashSet<string> s_managed = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Transfer-Encoding", "Host" };

    /// <summary>RFC 9110 <c>tchar</c>: the characters of a header name.</summary>
    private static readonly SearchValues<char> s_token =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Printable ASCII and space: what a value may hold as it is.</summary>
    private static readonly SearchValues<char> s_printable = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Why <paramref name="name"/> cannot be a configured header, naming it (names are not secrets); <see langword="null"/> when it can.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(s_token))
        {
            return $"Headers: '{Printable(name)}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only).";
        }

        return s_managed.Contains(name) ? $"Headers: '{name}' is set by the HTTP client and cannot be configured." : null;
    }

    /// <summary>
    /// The value as sent. Line breaks (CR, LF, CRLF, NEL, LS, PS, FF) and tabs become one space each; every other
    /// control character (C0, DEL, C1) is removed. What is left is sent as it is when it is printable ASCII; otherwise
    /// it is percent-encoded as UTF-8 (RFC 3986 / RFC 8187 style: each byte of a character outside printable ASCII,
    /// and each <c>%</c>, becomes <c>%XX</c>), so <c>café</c> arrives as <c>caf%C3%A9</c> and one percent-decoding gives
    /// the text back.
    /// </summary>
    public static string Encode(string value)
    {
        if (!value.AsSpan().ContainsAnyExcept(s_printable))
        {
            return value;
        }

        var cleaned = new StringBuilder(value.Length);
        foreach (var c in value.ReplaceLineEndings(" "))
        {
            if (c == '\t')
            {
                cleaned.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                cleaned.Append(c);
            }
        }

        var text = cleaned.ToString();
        return text.AsSpan().ContainsAnyExcept(s_printable) ? PercentEncode(text) : text;
    }

    private static string PercentEncode(string text)
    {
        const string Hex = "0123456789ABCDEF";
        var encoded = new StringBuilder(text.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && rune.Value != '%')
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                encoded.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return encoded.ToString();
    }

    /// <summary>A name as a message may quote it: controls and characters outside ASCII shown as <c>?</c>.</summary>
    private static string Printable(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });
}
