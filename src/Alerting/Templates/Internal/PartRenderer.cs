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
        var output = new ValueStringBuilder(stackalloc char[512]);
        var value = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            foreach (var part in parts)
            {
                if (part.Hole is not { } hole)
                {
                    output.Append(part.Literal);
                }
                else if (part.Typed)
                {
                    hole.AppendJson(ref output, e, values);
                }
                else
                {
                    var text = hole.Kind == Hole.FormatKind.Json ? hole.JsonText(ref value, e, values) : hole.Text(ref value, e, values, provider);
                    if (jsonStrings)
                    {
                        Escaper.AppendJsonContent(ref output, text, escaping);
                    }
                    else
                    {
                        Escaper.Append(ref output, text, escaping);
                    }
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
