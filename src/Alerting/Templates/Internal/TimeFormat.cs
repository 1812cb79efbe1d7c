using System.Runtime.CompilerServices;
using System.Text;

namespace Alerting.Templates.Internal;

/// <summary>
/// A custom date and time format such as <c>yyyy-MM-dd HH:mm:ss.fff</c>, compiled once so that rendering writes the
/// digits directly instead of interpreting the format on every call. Only numeric specifiers are compiled, and the
/// output is exactly what <see cref="DateTimeOffset.ToString(string, IFormatProvider)"/> writes with the invariant
/// culture; formats with names (<c>MMM</c>, <c>ddd</c>), 12-hour clocks, offsets or standard one-letter formats are
/// left to the framework.
/// </summary>
internal sealed class TimeFormat
{
    private readonly Token[] _tokens;

    private TimeFormat(Token[] tokens) => _tokens = tokens;

    private enum Field
    {
        Literal,
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Fraction,
    }

    /// <summary>Compiles <paramref name="format"/>, or returns <see langword="null"/> when the framework must format it.</summary>
    public static TimeFormat? TryCompile(string format)
    {
        if (format.Length < 2)
        {
            return null; // a standard format ("o", "u") or a lone custom specifier ("%d" is two characters, "d" is standard)
        }

        var tokens = new List<Token>();
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            var run = RunLength(format, i);
            Field? field = c switch
            {
                'y' when run is 2 or 4 => Field.Year,
                'M' when run <= 2 => Field.Month,
                'd' when run <= 2 => Field.Day,
                'H' when run <= 2 => Field.Hour,
                'm' when run <= 2 => Field.Minute,
                's' when run <= 2 => Field.Second,
                'f' when run <= 7 => Field.Fraction,
                _ => null,
            };

            if (field is { } numeric)
            {
                Flush(tokens, literal);
                tokens.Add(new Token(numeric, run, null));
                i += run;
            }
            else if (c is ':' or '/' or '-' or ' ' or 'T' or '.' or ',' or '_')
            {
                // ':' and '/' are the culture's separators, which for the invariant culture are these characters.
                literal.Append(c);
                i++;
            }
            else if (c is '\'' or '"' && format.IndexOf(c, i + 1) is var close and > 0 && format.IndexOf('\\', i, close - i) < 0)
            {
                literal.Append(format, i + 1, close - i - 1);
                i = close + 1;
            }
            else if (c == '\\' && i + 1 < format.Length)
            {
                literal.Append(format[i + 1]);
                i += 2;
            }
            else
            {
                return null;
            }
        }

        Flush(tokens, literal);
        return new TimeFormat([.. tokens]);
    }

    /// <summary>Writes <paramref name="value"/>'s clock time (in its own offset) in this format.</summary>
    public void Append(ref ValueStringBuilder output, DateTimeOffset value)
    {
        var time = value.DateTime;
        foreach (var token in _tokens)
        {
            switch (token.Field)
            {
                case Field.Literal:
                    output.Append(token.Text);
                    break;
                case Field.Year:
                    AppendDigits(ref output, token.Width == 2 ? time.Year % 100 : time.Year, token.Width);
                    break;
                case Field.Month:
                    AppendDigits(ref output, time.Month, token.Width);
                    break;
                case Field.Day:
                    AppendDigits(ref output, time.Day, token.Width);
                    break;
                case Field.Hour:
                    AppendDigits(ref output, time.Hour, token.Width);
                    break;
                case Field.Minute:
                    AppendDigits(ref output, time.Minute, token.Width);
                    break;
                case Field.Second:
                    AppendDigits(ref output, time.Second, token.Width);
                    break;
                default:
                    var fraction = (int)(time.Ticks % TimeSpan.TicksPerSecond);
                    AppendDigits(ref output, fraction / Pow10(7 - token.Width), token.Width);
                    break;
            }
        }
    }

    private static int RunLength(string format, int start)
    {
        var end = start + 1;
        while (end < format.Length && format[end] == format[start])
        {
            end++;
        }

        return end - start;
    }

    private static void Flush(List<Token> tokens, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            tokens.Add(new Token(Field.Literal, 0, literal.ToString()));
            literal.Clear();
        }
    }

    [SkipLocalsInit]
    private static void AppendDigits(ref ValueStringBuilder output, int value, int width)
    {
        Span<char> digits = stackalloc char[10];
        var count = 0;
        do
        {
            digits[count++] = (char)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);

        for (var pad = count; pad < width; pad++)
        {
            output.Append('0');
        }

        for (var i = count - 1; i >= 0; i--)
        {
            output.Append(digits[i]);
        }
    }

    private static int Pow10(int exponent)
    {
        var result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private readonly record struct Token(Field Field, int Width, string? Text);
}
