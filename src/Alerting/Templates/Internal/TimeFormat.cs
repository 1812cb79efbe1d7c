using System.Text;

namespace Alerting.Templates.Internal;

/// <summary>
/// A custom date and time format such as <c>yyyy-MM-dd HH:mm:ss.fff</c>, compiled once into a fixed layout: the
/// literal text in place and a fixed number of digits per field, so rendering copies the layout and writes the digits
/// at known positions instead of interpreting the format on every call. The output is exactly what
/// <see cref="DateTimeOffset.ToString(string, IFormatProvider)"/> writes with the invariant culture. Only fixed-width
/// numeric specifiers are compiled (<c>yy</c>, <c>yyyy</c>, <c>MM</c>, <c>dd</c>, <c>HH</c>, <c>mm</c>, <c>ss</c>,
/// <c>f</c> to <c>fffffff</c>); formats with names (<c>MMM</c>, <c>ddd</c>), one-digit fields (<c>H:mm</c>),
/// 12-hour clocks, offsets or standard one-letter formats are left to the framework.
/// </summary>
internal sealed class TimeFormat
{
    private readonly Digits[] _fields;
    private readonly bool _hasDate;
    private readonly bool _utc;

    private TimeFormat(string layout, Digits[] fields, bool utc)
    {
        _utc = utc;
        Layout = layout;
        _fields = fields;
        _hasDate = fields.Any(f => f.Field is Field.Year or Field.Month or Field.Day);
        IsPlainText = layout.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '-' or '.' or ',' or ' ' or '_');
    }

    private enum Field
    {
        Year,
        ShortYear,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Fraction,
    }

    /// <summary>
    /// Gets whether what this format writes is plain text: digits, letters and <c>:/-., _</c>, which need no escaping in
    /// text, JSON strings, HTML or mrkdwn.
    /// </summary>
    public bool IsPlainText { get; }

    /// <summary>Compiles <paramref name="format"/>, or returns <see langword="null"/> when the framework must format it.</summary>
    /// <param name="format">The custom format.</param>
    /// <param name="utc">Whether to write times as UTC rather than in their own offset.</param>
    public static TimeFormat? TryCompile(string format, bool utc = false)
    {
        if (format.Length < 2)
        {
            return null; // a standard format ("o", "u") or a lone custom specifier ("%d" is two characters, "d" is standard)
        }

        var layout = new StringBuilder();
        var fields = new List<Digits>();
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            var run = RunLength(format, i);
            Field? field = (c, run) switch
            {
                ('y', 4) => Field.Year,
                ('y', 2) => Field.ShortYear,
                ('M', 2) => Field.Month,
                ('d', 2) => Field.Day,
                ('H', 2) => Field.Hour,
                ('m', 2) => Field.Minute,
                ('s', 2) => Field.Second,
                ('f', <= 7) => Field.Fraction,
                _ => null,
            };

            if (field is { } numeric)
            {
                fields.Add(new Digits(numeric, layout.Length, run));
                layout.Append('0', run);
                i += run;
            }
            else if (c is ':' or '/' or '-' or ' ' or 'T' or '.' or ',' or '_')
            {
                // ':' and '/' are the culture's separators, which for the invariant culture are these characters.
                layout.Append(c);
                i++;
            }
            else if (c is '\'' or '"' && format.IndexOf(c, i + 1) is var close and > 0 && format.IndexOf('\\', i, close - i) < 0)
            {
                layout.Append(format, i + 1, close - i - 1);
                i = close + 1;
            }
            else if (c == '\\' && i + 1 < format.Length)
            {
                layout.Append(format[i + 1]);
                i += 2;
            }
            else
            {
                return null;
            }
        }

        return new TimeFormat(layout.ToString(), [.. fields], utc);
    }

    /// <summary>Gets the text this format writes with every digit zero: its literals in place.</summary>
    public string Layout { get; }

    /// <summary>Writes <paramref name="value"/>'s clock time (in its own offset, or UTC) in this format.</summary>
    public void Append(ref ValueStringBuilder output, DateTimeOffset value)
    {
        var destination = output.Reserve(Layout.Length)[..Layout.Length];
        Layout.CopyTo(destination);
        WriteDigits(destination, value);
        output.Length += Layout.Length;
    }

    /// <summary>Writes <paramref name="value"/>'s clock time (in its own offset, or UTC) into <paramref name="destination"/>, which already holds <see cref="Layout"/>.</summary>
    public void WriteDigits(Span<char> destination, DateTimeOffset value)
    {
        var ticks = _utc ? value.UtcTicks : value.Ticks;
        int year = 0, month = 0, day = 0;
        if (_hasDate)
        {
            (year, month, day) = new DateTime(ticks);
        }

        var timeOfDay = (ulong)ticks % TimeSpan.TicksPerDay;
        var secondOfDay = (uint)(timeOfDay / TimeSpan.TicksPerSecond);
        foreach (var digits in _fields)
        {
            var number = digits.Field switch
            {
                Field.Hour => secondOfDay / 3600,
                Field.Minute => secondOfDay / 60 % 60,
                Field.Second => secondOfDay % 60,
                Field.Year => (uint)year,
                Field.ShortYear => (uint)year % 100,
                Field.Month => (uint)month,
                Field.Day => (uint)day,
                _ => (uint)(timeOfDay - (secondOfDay * (ulong)TimeSpan.TicksPerSecond)) / digits.Divisor,
            };
            Write(destination.Slice(digits.Offset, digits.Width), number);
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

    /// <summary>Writes <paramref name="value"/> into all of <paramref name="destination"/>, zero-padded (it always fits).</summary>
    private static void Write(Span<char> destination, uint value)
    {
        if (destination.Length == 2)
        {
            // The common case (months, days, hours, minutes, seconds), without a loop.
            destination[1] = (char)('0' + (value % 10));
            destination[0] = (char)('0' + (value / 10));
            return;
        }

        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>A field written as <see cref="Width"/> digits at <see cref="Offset"/>; a fraction (in ticks, seven digits) is divided by <see cref="Divisor"/>.</summary>
    private readonly record struct Digits(Field Field, int Offset, int Width)
    {
        public uint Divisor { get; } = Field == Field.Fraction ? (uint)Math.Pow(10, 7 - Width) : 1;
    }
}
