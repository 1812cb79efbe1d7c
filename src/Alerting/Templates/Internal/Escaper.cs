using System.Buffers;

namespace Alerting.Templates.Internal;

/// <summary>Copies a substituted value into the output, escaped for its destination.</summary>
internal static class Escaper
{
    private const string Hex = "0123456789ABCDEF";

    private static readonly SearchValues<char> s_json = SearchValues.Create(
        "\"\\<>&'\u2028\u2029\u007F\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static readonly SearchValues<char> s_html = SearchValues.Create(ControlChars + "&<>\"'");
    private static readonly SearchValues<char> s_mrkdwn = SearchValues.Create(ControlChars + "&<>");
    private static readonly SearchValues<char> s_plain = SearchValues.Create(ControlChars);

    /// <summary>Control characters other than tab, line feed and carriage return, which plain text, HTML and mrkdwn drop.</summary>
    private const string ControlChars =
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F";

    public static void Append(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value, TemplateEscaping escaping)
    {
        switch (escaping)
        {
            case TemplateEscaping.Json:
                AppendJson(ref output, value);
                break;
            case TemplateEscaping.Html:
                AppendHtml(ref output, value);
                break;
            case TemplateEscaping.SlackMrkdwn:
                AppendMrkdwn(ref output, value);
                break;
            case TemplateEscaping.Url:
                AppendUrl(ref output, value);
                break;
            default:
                AppendPlain(ref output, value);
                break;
        }
    }

    /// <summary>JSON string content; lone surrogates become U+FFFD so the output is always valid UTF-16 and JSON.</summary>
    public static void AppendJson(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(s_json) < 0 && !HasSurrogate(value))
        {
            output.Append(value);
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '<' or '>' or '&' or '\'' or '\u2028' or '\u2029' or (< ' ') or '\u007F':
                    AppendUnicodeEscape(ref output, c);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        output.Append(c);
                        output.Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        output.Append('\uFFFD');
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }
    }

    private static void AppendUnicodeEscape(ref ValueStringBuilder output, char c)
    {
        output.Append("\\u");
        output.Append(Hex[(c >> 12) & 0xF]);
        output.Append(Hex[(c >> 8) & 0xF]);
        output.Append(Hex[(c >> 4) & 0xF]);
        output.Append(Hex[c & 0xF]);
    }

    private static void AppendHtml(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(s_html) < 0)
        {
            output.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\'': output.Append("&#39;"); break;
                default:
                    if (!IsStrippedControl(c))
                    {
                        output.Append(c);
                    }

                    break;
            }
        }
    }

    private static void AppendMrkdwn(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(s_mrkdwn) < 0)
        {
            output.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                default:
                    if (!IsStrippedControl(c))
                    {
                        output.Append(c);
                    }

                    break;
            }
        }
    }

    private static void AppendPlain(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(s_plain) < 0)
        {
            output.Append(value);
            return;
        }

        foreach (var c in value)
        {
            if (!IsStrippedControl(c))
            {
                output.Append(c);
            }
        }
    }

    private static void AppendUrl(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && IsUnreserved((char)rune.Value))
            {
                output.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < count; i++)
            {
                output.Append('%');
                output.Append(Hex[utf8[i] >> 4]);
                output.Append(Hex[utf8[i] & 0xF]);
            }
        }
    }

    private static bool HasSurrogate(ReadOnlySpan<char> value) => value.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsStrippedControl(char c) => (c < ' ' && c != '\n' && c != '\t' && c != '\r') || c == '\u007F';
}
