using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// Copies a substituted value into the output, escaped for its destination. Runs of characters that need nothing are
/// found with <see cref="SearchValues{T}"/> and copied in bulk; every other character goes through
/// <see cref="AppendEscaped"/>, which also turns unpaired surrogates into U+FFFD so that output is well-formed.
/// </summary>
internal static class Escaper
{
    private const string Hex = "0123456789ABCDEF";
    private const string PrintableAscii =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private static readonly SearchValues<char> s_plainSafe = SafeExcept(string.Empty);
    private static readonly SearchValues<char> s_jsonSafe = SafeExcept("\"\\<>&'");
    private static readonly SearchValues<char> s_htmlSafe = SafeExcept("&<>\"'");
    private static readonly SearchValues<char> s_mrkdwnSafe = SafeExcept("&<>");
    private static readonly SearchValues<char> s_urlSafe =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    /// <summary>Appends <paramref name="value"/> escaped for <paramref name="escaping"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Append(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value, TemplateEscaping escaping)
    {
        var next = value.IndexOfAnyExcept(Safe(escaping));
        if (next < 0)
        {
            output.Append(value);
        }
        else
        {
            AppendFrom(ref output, value, next, escaping);
        }
    }

    /// <summary>Whether <paramref name="value"/> is written as it is under <paramref name="escaping"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSafe(ReadOnlySpan<char> value, TemplateEscaping escaping) =>
        escaping == TemplateEscaping.None ? IsPrintableAscii(value) : value.IndexOfAnyExcept(Safe(escaping)) < 0;

    /// <summary>
    /// Whether every character is printable ASCII (<c>' '</c> to <c>'~'</c>), plain text's safe set: checked inline, as
    /// the common case of rendering, rather than through <see cref="SearchValues{T}"/>'s virtual call; and not with the
    /// framework's generic range search, which boxes its bounds until the JIT optimises it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPrintableAscii(ReadOnlySpan<char> value)
    {
        const ushort Width = '~' - ' ';
        if (Vector128.IsHardwareAccelerated && value.Length >= Vector128<ushort>.Count)
        {
            // A character c is printable when (ushort)(c - ' ') <= Width, that is when max(c - ' ', Width) == Width.
            ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
            var low = Vector128.Create((ushort)' ');
            var width = Vector128.Create(Width);
            var last = (nuint)(value.Length - Vector128<ushort>.Count);
            for (nuint i = 0; i < last; i += (nuint)Vector128<ushort>.Count)
            {
                if (!Vector128.EqualsAll(Vector128.Max(Vector128.LoadUnsafe(ref first, i) - low, width), width))
                {
                    return false;
                }
            }

            // The last block, overlapping the one before when the length is not a multiple of the block.
            return Vector128.EqualsAll(Vector128.Max(Vector128.LoadUnsafe(ref first, last) - low, width), width);
        }

        foreach (var c in value)
        {
            if ((ushort)(c - ' ') > Width)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Appends <paramref name="value"/> as JSON string content after escaping it for <paramref name="escaping"/>
    /// (for example mrkdwn inside a Slack payload), so the JSON stays valid whatever the value holds.
    /// </summary>
    [SkipLocalsInit]
    public static void AppendJsonContent(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value, TemplateEscaping escaping)
    {
        if (escaping != TemplateEscaping.Json && value.IndexOfAnyExcept(Safe(escaping)) < 0)
        {
            // The first escaping has nothing to change.
            Append(ref output, value, TemplateEscaping.Json);
            return;
        }

        var escaped = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            Append(ref escaped, value, escaping);
            Append(ref output, escaped.Written, TemplateEscaping.Json);
        }
        finally
        {
            escaped.Dispose();
        }
    }

    /// <summary>Escapes literal text once, at parse time.</summary>
    public static string Escape(string value, TemplateEscaping escaping)
    {
        var output = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            Append(ref output, value, escaping);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SearchValues<char> Safe(TemplateEscaping escaping) => escaping switch
    {
        TemplateEscaping.Json => s_jsonSafe,
        TemplateEscaping.Html => s_htmlSafe,
        TemplateEscaping.SlackMrkdwn => s_mrkdwnSafe,
        TemplateEscaping.Url => s_urlSafe,
        _ => s_plainSafe,
    };

    /// <summary>Appends <paramref name="value"/>, whose first character needing escaping is at <paramref name="next"/>.</summary>
    private static void AppendFrom(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value, int next, TemplateEscaping escaping)
    {
        var safe = Safe(escaping);
        while (next >= 0)
        {
            output.Append(value[..next]);
            value = value[(next + AppendEscaped(ref output, value[next..], escaping))..];
            next = value.IndexOfAnyExcept(safe);
        }

        output.Append(value);
    }

    private static SearchValues<char> SafeExcept(string special) =>
        SearchValues.Create(string.Concat(PrintableAscii.Where(c => !special.Contains(c, StringComparison.Ordinal))));

    /// <summary>Appends the escaped form of the character (or surrogate pair) at the start of <paramref name="value"/>; returns how many characters it consumed.</summary>
    private static int AppendEscaped(ref ValueStringBuilder output, scoped ReadOnlySpan<char> value, TemplateEscaping escaping)
    {
        // An unpaired surrogate decodes as U+FFFD, consuming one character.
        var wellFormed = Rune.DecodeFromUtf16(value, out var rune, out var consumed) == OperationStatus.Done;
        var asIs = wellFormed ? value[..consumed] : "\uFFFD";
        switch (escaping)
        {
            case TemplateEscaping.Json:
                AppendJson(ref output, rune, asIs);
                break;
            case TemplateEscaping.Url:
                AppendPercentEncoded(ref output, rune);
                break;
            case TemplateEscaping.Html or TemplateEscaping.SlackMrkdwn when rune.Value is '&' or '<' or '>' or '"' or '\'':
                // '"' and '\'' reach here only for HTML: mrkdwn keeps them in its safe set.
                output.Append(rune.Value switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    _ => "&#39;",
                });
                break;
            default:
                // Text for people (plain, HTML, mrkdwn) keeps line feeds and tabs and drops other control characters.
                if (!Rune.IsControl(rune) || rune.Value is '\n' or '\t')
                {
                    output.Append(asIs);
                }

                break;
        }

        return consumed;
    }

    private static void AppendJson(ref ValueStringBuilder output, Rune rune, scoped ReadOnlySpan<char> asIs)
    {
        switch (rune.Value)
        {
            case '"': output.Append("\\\""); break;
            case '\\': output.Append("\\\\"); break;
            case '\n': output.Append("\\n"); break;
            case '\r': output.Append("\\r"); break;
            case '\t': output.Append("\\t"); break;
            case '\b': output.Append("\\b"); break;
            case '\f': output.Append("\\f"); break;
            case < 0x20 or '\u007F' or '<' or '>' or '&' or '\'' or '\u2028' or '\u2029':
                output.Append("\\u");
                output.Append(Hex[(rune.Value >> 12) & 0xF]);
                output.Append(Hex[(rune.Value >> 8) & 0xF]);
                output.Append(Hex[(rune.Value >> 4) & 0xF]);
                output.Append(Hex[rune.Value & 0xF]);
                break;
            default:
                output.Append(asIs);
                break;
        }
    }

    private static void AppendPercentEncoded(ref ValueStringBuilder output, Rune rune)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var count = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..count])
        {
            output.Append('%');
            output.Append(Hex[b >> 4]);
            output.Append(Hex[b & 0xF]);
        }
    }
}
