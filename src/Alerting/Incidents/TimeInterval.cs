namespace Alerting.Incidents;

/// <summary>
/// A compiled <see cref="TimeIntervalOptions"/>: its zone and its ranges as numbers. It holds at an instant when any
/// range holds on the zone's wall clock then (<see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/>), so
/// a skipped hour never holds and a repeated hour holds both times.
/// </summary>
internal sealed class TimeInterval(string name, TimeZoneInfo zone, TimeIntervalRange[] ranges)
{
    public string Name { get; } = name;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>Whether the interval holds at <paramref name="instant"/>.</summary>
    public bool Contains(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        foreach (var range in ranges)
        {
            if (range.Contains(local))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// One compiled range: bit masks of weekdays (bit 0 Sunday) and months (bit 1 January), 0 for any; inclusive spans of
/// minutes of the day, days of the month (negative counting back from the last day) and years, empty for any.
/// </summary>
internal sealed class TimeIntervalRange(int weekdays, (int First, int Last)[] minutes, (int First, int Last)[] days, int months, (int First, int Last)[] years)
{
    /// <summary>Whether the range holds at the wall-clock time <paramref name="local"/>.</summary>
    public bool Contains(DateTime local) =>
        (weekdays == 0 || (weekdays & (1 << (int)local.DayOfWeek)) != 0) &&
        (months == 0 || (months & (1 << local.Month)) != 0) &&
        (minutes.Length == 0 || InAny(minutes, (local.Hour * 60) + local.Minute)) &&
        (days.Length == 0 || InAnyDays(days, local.Day, DateTime.DaysInMonth(local.Year, local.Month))) &&
        (years.Length == 0 || InAny(years, local.Year));

    private static bool InAny((int First, int Last)[] spans, int value)
    {
        foreach (var (first, last) in spans)
        {
            if (value >= first && value <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="day"/> falls in any span, its negative bounds counted back from the month's last day and cut to the month.</summary>
    private static bool InAnyDays((int First, int Last)[] spans, int day, int daysInMonth)
    {
        foreach (var (first, last) in spans)
        {
            if (day >= FromStart(first, daysInMonth) && day <= Math.Min(daysInMonth, FromStart(last, daysInMonth)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A day of the month counted from the first: -1 is the last day, and a day before the first is the first.</summary>
    private static int FromStart(int day, int daysInMonth) => day < 0 ? Math.Max(1, daysInMonth + day + 1) : day;
}
