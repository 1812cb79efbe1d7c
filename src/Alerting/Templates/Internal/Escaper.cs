using System.Text;

namespace Alerting.Templates.Internal;

/// <summary>Copies a substituted value into the output, escaped for its destination.</summary>
internal static class Escaper
{
    private const string Hex = "0123456789ABCDEF";

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

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>Control characters other than line feed and tab, which plain text, HTML and mrkdwn drop.</summary>
    private static bool IsStrippedControl(char c) => (c < ' ' && c != '\n' && c != '\t' && c != '\r') || c == '\u007F';
}
