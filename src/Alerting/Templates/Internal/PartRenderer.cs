using System.Globalization;
using System.Runtime.CompilerServices;

namespace Alerting.Templates.Internal;

/// <summary>Renders compiled parts: literals as they are, placeholder values escaped; one string allocated, for the result.</summary>
internal static class PartRenderer
{
    /// <summary>Renders <paramref name="parts"/>.</summary>
    /// <param name="parts">The compiled template.</param>
    /// <param name="e">The event.</param>
    /// <param name="escaping">The escaping of substituted values.</param>
    /// <param name="values">Context values, looked up after event fields and before attributes.</param>
    /// <param name="formatProvider">The culture of formatted values; invariant when <see langword="null"/>.</param>
    /// <param name="jsonStrings">Whether the values go into JSON strings: escaped with <paramref name="escaping"/> first, then as JSON string content.</param>
    [SkipLocalsInit]
    public static string Render(TemplatePart[] parts, AlertEvent e, TemplateEscaping escaping, IReadOnlyDictionary<string, object?>? values, IFormatProvider? formatProvider, bool jsonStrings)
    {
        if (parts is [{ Literal: { } only }])
        {
            return only;
        }

        var provider = formatProvider ?? CultureInfo.InvariantCulture;
        Unsafe.SkipInit(out RenderBuffer buffer);
        Span<char> space = buffer;
        var output = new ValueStringBuilder(space[..RenderBuffer.OutputLength]);
        var value = new ValueStringBuilder(space[RenderBuffer.OutputLength..]);
        try
        {
            foreach (var part in parts)
            {
                switch (part.Kind)
                {
                    case PartKind.Literal:
                        output.Append(part.Literal);
                        break;
                    case PartKind.StringField when !jsonStrings:
                        Escaper.Append(ref output, Hole.Read(part.Hole!.StringField, e), escaping);
                        break;
                    case PartKind.PlainTime when escaping != TemplateEscaping.Url && ReferenceEquals(provider, CultureInfo.InvariantCulture):
                        part.Hole!.PlainTime!.Append(ref output, e.Timestamp);
                        break;
                    case PartKind.Typed:
                        part.Hole!.AppendJson(ref output, e, values);
                        break;
                    default:
                        var hole = part.Hole!;
                        var text = hole.Kind == Hole.FormatKind.Json ? hole.JsonText(ref value, e, values) : hole.Text(ref value, e, values, provider);
                        if (jsonStrings)
                        {
                            Escaper.AppendJsonContent(ref output, text, escaping);
                        }
                        else
                        {
                            Escaper.Append(ref output, text, escaping);
                        }

                        break;
                }
            }

            return output.ToString();
        }
        finally
        {
            value.Dispose();
            output.Dispose();
        }
    }
}
