namespace Alerting.Incidents;

/// <summary>
/// One range of a <see cref="TimeIntervalOptions"/>: it holds when every field that is set holds, and a field holds
/// when any of its entries does; an empty field holds always. Entries are single values or inclusive ranges written
/// <c>first:last</c>, except <see cref="Times"/>, written <c>start-end</c>. Names ignore case.
/// </summary>
public sealed class TimeIntervalRangeOptions
{
    /// <summary>Gets or sets the days of the week: <c>monday</c>, or a range such as <c>monday:friday</c>.</summary>
    /// <value>Defaults to empty: every day. Weeks run sunday to saturday, so a weekend is two entries, <c>saturday</c> and <c>sunday</c>.</value>
    public List<string> Weekdays { get; set; } = [];

    /// <summary>
    /// Gets or sets the times of day, as <c>HH:MM-HH:MM</c>: from the start up to but not including the end; the end may
    /// be <c>24:00</c>. A window across midnight is two entries, <c>22:00-24:00</c> and <c>00:00-06:00</c>.
    /// </summary>
    /// <value>Defaults to empty: the whole day.</value>
    public List<string> Times { get; set; } = [];

    /// <summary>
    /// Gets or sets the days of the month: <c>1</c> to <c>31</c>, or <c>-1</c> (the last day) to <c>-31</c>, and ranges
    /// such as <c>1:7</c>, <c>-7:-1</c> (the last seven days) or <c>15:-1</c>. Days a month does not have never hold.
    /// </summary>
    /// <value>Defaults to empty: every day of the month.</value>
    public List<string> DaysOfMonth { get; set; } = [];

    /// <summary>Gets or sets the months, by name or number: <c>january</c>, <c>12</c>, or a range such as <c>january:march</c>.</summary>
    /// <value>Defaults to empty: every month.</value>
    public List<string> Months { get; set; } = [];

    /// <summary>Gets or sets the years: <c>2026</c>, or a range such as <c>2026:2027</c>.</summary>
    /// <value>Defaults to empty: every year.</value>
    public List<string> Years { get; set; } = [];

    /// <summary>Adds days of the week.</summary>
    /// <param name="weekdays">Days or ranges of days, such as <c>monday:friday</c>.</param>
    /// <returns>This range.</returns>
    public TimeIntervalRangeOptions OnWeekdays(params string[] weekdays)
    {
        Weekdays.AddRange(weekdays);
        return this;
    }

    /// <summary>Adds times of day.</summary>
    /// <param name="times">Windows such as <c>08:00-18:00</c> (end exclusive).</param>
    /// <returns>This range.</returns>
    public TimeIntervalRangeOptions AtTimes(params string[] times)
    {
        Times.AddRange(times);
        return this;
    }

    /// <summary>Adds days of the month.</summary>
    /// <param name="days">Days or ranges of days, such as <c>1:7</c> or <c>-1</c>.</param>
    /// <returns>This range.</returns>
    public TimeIntervalRangeOptions OnDaysOfMonth(params string[] days)
    {
        DaysOfMonth.AddRange(days);
        return this;
    }

    /// <summary>Adds months.</summary>
    /// <param name="months">Months or ranges of months, such as <c>january:march</c> or <c>12</c>.</param>
    /// <returns>This range.</returns>
    public TimeIntervalRangeOptions InMonths(params string[] months)
    {
        Months.AddRange(months);
        return this;
    }

    /// <summary>Adds years.</summary>
    /// <param name="years">Years or ranges of years, such as <c>2026:2027</c>.</param>
    /// <returns>This range.</returns>
    public TimeIntervalRangeOptions InYears(params string[] years)
    {
        Years.AddRange(years);
        return this;
    }
}
