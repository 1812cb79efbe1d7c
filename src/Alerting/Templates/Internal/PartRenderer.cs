using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Alerting.Templates.Internal;

/// <summary>
/// Renders a compiled template: literals as they are, placeholder values escaped; one string allocated, for the
/// result. A template made only of literals, strings read from the event (string fields, severity and status words)
/// and plain times is measured first and then written straight into its result (the common case of titles and
/// messages, the default ones included); any other goes through a stack buffer.
/// </summary>
internal sealed class PartRenderer
{
    private static readonly SpanAction<char, (PartRenderer Renderer, AlertEvent Event)> s_writeDirect = WriteDirect;

    private readonly TemplatePart[] _parts;
    private readonly bool _jsonStrings;

    /// <summary>The whole text of a template without placeholders.</summary>
    private readonly string? _literal;

    /// <summary>
    /// A template that can be written directly, as steps of literal text (with time layouts in place) followed by a
    /// string read from the event; <see langword="null"/> for any other.
    /// </summary>
    private readonly DirectStep[]? _steps;

    /// <summary>The length of a direct template's literals and times.</summary>
    private readonly int _fixedLength;

    /// <summary>Whether a direct template holds a time, which needs the invariant culture and no URL escaping to be written directly.</summary>
    private readonly bool _hasTime;

    /// <summary>Compiles the parts of a template.</summary>
    /// <param name="parts">The parts.</param>
    /// <param name="jsonStrings">Whether the values go into JSON strings: escaped for the destination first, then as JSON string content.</param>
    public PartRenderer(TemplatePart[] parts, bool jsonStrings)
    {
        _parts = parts;
        _jsonStrings = jsonStrings;
        _literal = parts switch
        {
            [] => string.Empty,
            [{ Literal: { } only }] => only,
            _ => null,
        };
        if (!jsonStrings && parts.All(p => p.Kind is PartKind.Literal or PartKind.StringField or PartKind.PlainTime))
        {
            _steps = DirectStep.Compile(parts);
            _fixedLength = _steps.Sum(s => s.Text.Length);
            _hasTime = _steps.Any(s => s.Time is not null);
        }
    }

    /// <summary>Renders the template for <paramref name="e"/>.</summary>
    /// <param name="e">The event.</param>
    /// <param name="escaping">The escaping of substituted values.</param>
    /// <param name="values">Context values, looked up after event fields and before attributes.</param>
    /// <param name="formatProvider">The culture of formatted values; invariant when <see langword="null"/>.</param>
    public string Render(AlertEvent e, TemplateEscaping escaping, IReadOnlyDictionary<string, object?>? values, IFormatProvider? formatProvider)
    {
        if (_literal is { } literal)
        {
            return literal;
        }

        var provider = formatProvider ?? CultureInfo.InvariantCulture;
        if (_steps is { } steps
            && (!_hasTime || (escaping != TemplateEscaping.Url && ReferenceEquals(provider, CultureInfo.InvariantCulture)))
            && Measure(steps, e, escaping) is var length and >= 0)
        {
            return string.Create(length, (this, e), s_writeDirect);
        }

        return RenderBuffered(e, escaping, values, provider);
    }

    /// <summary>The length of the direct rendering, or -1 when a value needs escaping.</summary>
    private int Measure(DirectStep[] steps, AlertEvent e, TemplateEscaping escaping)
    {
        var length = _fixedLength;
        foreach (var step in steps)
        {
            if (step.Value?.ReadString(e) is { } value)
            {
                if (!Escaper.IsSafe(value, escaping))
                {
                    return -1;
                }

                length += value.Length;
            }
        }

        return length;
    }

    /// <summary>Writes a direct rendering into its result; <paramref name="destination"/> has the measured length.</summary>
    private static void WriteDirect(Span<char> destination, (PartRenderer Renderer, AlertEvent Event) state)
    {
        var e = state.Event;
        foreach (var step in state.Renderer._steps!)
        {
            step.Text.CopyTo(destination);
            step.Time?.WriteDigits(destination.Slice(step.TimeOffset, step.Time.Layout.Length), e.Timestamp);
            destination = destination[step.Text.Length..];
            if (step.Value is { } placeholder)
            {
                ReadOnlySpan<char> value = placeholder.ReadString(e);
                value.CopyTo(destination);
                destination = destination[value.Length..];
            }
        }
    }

    [SkipLocalsInit]
    private string RenderBuffered(AlertEvent e, TemplateEscaping escaping, IReadOnlyDictionary<string, object?>? values, IFormatProvider provider)
    {
        var jsonStrings = _jsonStrings;
        Unsafe.SkipInit(out RenderBuffer buffer);
        Span<char> space = buffer;
        var output = new ValueStringBuilder(space[..RenderBuffer.OutputLength]);
        var value = new ValueStringBuilder(space[RenderBuffer.OutputLength..]);
        try
        {
            foreach (var part in _parts)
            {
                switch (part.Kind)
                {
                    case PartKind.Literal:
                        output.Append(part.Literal);
                        break;
                    case PartKind.StringField when !jsonStrings:
                        Escaper.Append(ref output, part.Placeholder!.ReadString(e), escaping);
                        break;
                    case PartKind.PlainTime when escaping != TemplateEscaping.Url && ReferenceEquals(provider, CultureInfo.InvariantCulture):
                        part.Placeholder!.PlainTime!.Append(ref output, e.Timestamp);
                        break;
                    case PartKind.Typed:
                        part.Placeholder!.AppendJson(ref output, e, values);
                        break;
                    default:
                        var placeholder = part.Placeholder!;
                        var text = placeholder.Kind == CompiledPlaceholder.FormatKind.Json ? placeholder.JsonText(ref value, e, values) : placeholder.Text(ref value, e, values, provider);
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

    /// <summary>
    /// Literal text, holding at most one time's layout at <see cref="TimeOffset"/> (the time writes its digits over
    /// it), then the string read by <see cref="Value"/>, when set.
    /// </summary>
    private readonly record struct DirectStep(string Text, TimeFormat? Time, int TimeOffset, CompiledPlaceholder? Value)
    {
        /// <summary>The steps of a template of literals, string fields and plain times.</summary>
        public static DirectStep[] Compile(TemplatePart[] parts)
        {
            var steps = new List<DirectStep>();
            var text = new StringBuilder();
            TimeFormat? time = null;
            var timeOffset = 0;
            foreach (var part in parts)
            {
                switch (part.Kind)
                {
                    case PartKind.Literal:
                        text.Append(part.Literal);
                        break;
                    case PartKind.PlainTime:
                        if (time is not null)
                        {
                            steps.Add(new DirectStep(text.ToString(), time, timeOffset, null));
                            text.Clear();
                        }

                        time = part.Placeholder!.PlainTime;
                        timeOffset = text.Length;
                        text.Append(time!.Layout);
                        break;
                    default:
                        steps.Add(new DirectStep(text.ToString(), time, timeOffset, part.Placeholder));
                        text.Clear();
                        time = null;
                        break;
                }
            }

            if (text.Length > 0)
            {
                steps.Add(new DirectStep(text.ToString(), time, timeOffset, null));
            }

            return [.. steps];
        }
    }
}
