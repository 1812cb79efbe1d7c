using System.Globalization;

namespace Alerting.Incidents;

/// <summary>
/// Compiles a <see cref="TimeIntervalOptions"/>, reporting each problem with the interval's name, the range's index and
/// the field's entry (<c>TimeInterval 'x': Ranges[0].Times[1] '25:00-26:00': '25:00' is not a time of day …</c>).
/// </summary>
internal static class TimeIntervalCompiler
{
    private const string WeekdayWhat = "a day of the week (sunday to saturday)";
    private const string MonthWhat = "a month (january to december, or 1 to 12)";
    private const string DayWhat = "a day of the month (1 to 31, or -1 to -31 counting back from the last day)";
    private const string YearWhat = "a year (1 to 9999)";

    private static readonly string[] s_weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    private static readonly string[] s_months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>Compiles one interval, adding what is wrong with it to <paramref name="errors"/>; null when something is.</summary>
    public static TimeInterval? Compile(string name, TimeIntervalOptions options, List<string> errors)
    {
        var where = $"TimeInterval '{name}'";
        var before = errors.Count;
        var zone = FindZone(where, options.Location, errors);
        if (options.Ranges.Count == 0)
        {
            errors.Add($"{where}: Ranges is empty; add at least one range (a range with no fields holds at all times).");
        }

        var ranges = new List<TimeIntervalRange>();
        for (var i = 0; i < options.Ranges.Count; i++)
        {
            var range = options.Ranges[i];
            var at = $"{where}: Ranges[{i}]";
            var weekdays = Spans(at, "Weekdays", range.Weekdays, WeekdayWhat, ParseWeekday, errors);
            var minutes = Times(at, range.Times, errors);
            var days = Spans(at, "DaysOfMonth", range.DaysOfMonth, DayWhat, ParseDay, errors);
            var months = Spans(at, "Months", range.Months, MonthWhat, ParseMonth, errors);
            var years = Spans(at, "Years", range.Years, YearWhat, ParseYear, errors);
            ranges.Add(new TimeIntervalRange(Mask(weekdays), minutes, days, Mask(months), years));
        }

        return errors.Count == before ? new TimeInterval(name, zone!, [.. ranges]) : null;
    }

    private static TimeZoneInfo? FindZone(string where, string? location, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(location.Trim());
        }
        catch (TimeZoneNotFoundException)
        {
            errors.Add($"{where}: Location '{location}' is not a time zone known here; give an IANA id such as 'Europe/Berlin' or 'America/New_York', or leave it empty for UTC.");
        }
        catch (InvalidTimeZoneException)
        {
            errors.Add($"{where}: Location '{location}' is a time zone whose data on this system is invalid.");
        }

        return null;
    }

    /// <summary>The entries of a <c>first:last</c> field as inclusive spans, each checked for its values and their order.</summary>
    private static (int First, int Last)[] Spans(string at, string field, List<string> entries, string what, Func<string, int?> parse, List<string> errors)
    {
        var spans = new List<(int, int)>();
        for (var j = 0; j < entries.Count; j++)
        {
            var entry = entries[j];
            var here = $"{at}.{field}[{j}]";
            if (string.IsNullOrWhiteSpace(entry))
            {
                errors.Add($"{here} is empty; remove it or give a value.");
                continue;
            }

            var parts = entry.Split(':');
            if (parts.Length > 2)
            {
                errors.Add($"{here} '{entry}': expected a value or a range 'first:last'.");
                continue;
            }

            var first = parse(parts[0].Trim());
            var last = parts.Length == 2 ? parse(parts[1].Trim()) : first;
            if (first is null || last is null)
            {
                errors.Add($"{here} '{entry}': '{(first is null ? parts[0] : parts[1]).Trim()}' is not {what}.");
            }
            else if (field == "DaysOfMonth" && first < 0 && last > 0)
            {
                errors.Add($"{here} '{entry}': a range that starts counting back from the last day must end that way too (as in '-7:-1').");
            }
            else if (first > last && (field != "DaysOfMonth" || (first > 0) == (last > 0)))
            {
                var hint = field == "Weekdays" ? " (weeks run sunday to saturday; list the days apart instead, as in 'saturday', 'sunday')" : string.Empty;
                errors.Add($"{here} '{entry}': '{parts[0].Trim()}' comes after '{parts[1].Trim()}'{hint}.");
            }
            else
            {
                spans.Add((first.Value, last.Value));
            }
        }

        return [.. spans];
    }

    /// <summary>The <c>HH:MM-HH:MM</c> windows of a range as inclusive spans of minutes of the day.</summary>
    private static (int First, int Last)[] Times(string at, List<string> entries, List<string> errors)
    {
        var spans = new List<(int, int)>();
        for (var j = 0; j < entries.Count; j++)
        {
            var entry = entries[j];
            var here = $"{at}.Times[{j}]";
            if (string.IsNullOrWhiteSpace(entry))
            {
                errors.Add($"{here} is empty; remove it or give a window such as '08:00-18:00'.");
                continue;
            }

            var parts = entry.Split('-');
            if (parts.Length != 2)
            {
                errors.Add($"{here} '{entry}': expected a window 'HH:MM-HH:MM' (the end excluded; 24:00 allowed).");
                continue;
            }

            var start = ParseTime(parts[0].Trim());
            var end = ParseTime(parts[1].Trim());
            if (start is null or 24 * 60 || end is null)
            {
                var bad = start is null or 24 * 60 ? parts[0].Trim() : parts[1].Trim();
                errors.Add($"{here} '{entry}': '{bad}' is not a time of day ({(start is 24 * 60 ? "a window cannot start at 24:00" : "00:00 to 24:00")}).");
            }
            else if (start >= end)
            {
                errors.Add($"{here} '{entry}': the start must be before the end; a window across midnight is two, as in '22:00-24:00' and '00:00-06:00'.");
            }
            else
            {
                spans.Add((start.Value, end.Value - 1));
            }
        }

        return [.. spans];
    }

    /// <summary>Minutes since midnight of <c>H:MM</c> or <c>HH:MM</c>, 24:00 included; null when it is not a time of day.</summary>
    private static int? ParseTime(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 1 or > 2 || text.Length != colon + 3 ||
            !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ||
            !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ||
            minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        {
            return null;
        }

        return (hours * 60) + minutes;
    }

    private static int? ParseWeekday(string text) => IndexOf(s_weekdays, text);

    private static int? ParseMonth(string text) => IndexOf(s_months, text) + 1 ?? Number(text, 1, 12);

    private static int? ParseDay(string text) => Number(text, -31, 31) is { } day and not 0 ? day : null;

    private static int? ParseYear(string text) => Number(text, 1, 9999);

    private static int? IndexOf(string[] names, string text)
    {
        var index = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;

    /// <summary>A bit mask of the values the spans cover; 0 (any) when there are none.</summary>
    private static int Mask((int First, int Last)[] spans)
    {
        var mask = 0;
        foreach (var (first, last) in spans)
        {
            for (var v = first; v <= last; v++)
            {
                mask |= 1 << v;
            }
        }

        return mask;
    }
}
