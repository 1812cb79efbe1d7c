namespace Alerting.Incidents;

/// <summary>
/// A named, recurring stretch of time in one time zone ("08:00 to 18:00 Monday to Friday, Europe/Berlin"), defined once
/// in <c>Alerting:TimeIntervals:{name}</c> (or with <c>AddTimeInterval</c>) and referenced by name: as a recurring mute
/// window of silences (<see cref="SilenceOptions.TimeIntervals"/>), rules, actions and channels
/// (<c>MuteTimeIntervals</c>), and as the only times a rule or action acts (<c>ActiveTimeIntervals</c>). Modelled on
/// Alertmanager's <c>time_intervals</c>.
/// </summary>
/// <remarks>
/// The interval holds at an instant when any of its <see cref="Ranges"/> holds then, read on the wall clock of
/// <see cref="Location"/>. Daylight-saving changes follow from that: on the day clocks go forward, wall times in the
/// skipped hour never occur, so a window inside it (02:00-03:00 in Europe/Berlin) is not in effect that day and one
/// across it (01:00-04:00) lasts an hour less; on the day clocks go back, wall times in the repeated hour occur twice,
/// so a window covering them is in effect both times and lasts an hour more.
/// </remarks>
/// <example>
/// <code>
/// alerting.AddTimeInterval("business-hours", t => t
///     .InLocation("Europe/Berlin")
///     .AddRange(r => r.OnWeekdays("monday:friday").AtTimes("08:00-18:00")));
/// </code>
/// </example>
public sealed class TimeIntervalOptions
{
    /// <summary>Gets or sets the time zone the ranges are read in: an IANA id such as <c>Europe/Berlin</c> or <c>America/New_York</c>.</summary>
    /// <value>Defaults to <see langword="null"/>: UTC.</value>
    public string? Location { get; set; }

    /// <summary>Gets or sets the ranges; the interval holds whenever any of them does.</summary>
    /// <value>Defaults to empty; at least one is required (a range with no fields holds at all times).</value>
    public List<TimeIntervalRangeOptions> Ranges { get; set; } = [];

    /// <summary>Sets the time zone the ranges are read in.</summary>
    /// <param name="location">An IANA time zone id, such as <c>Europe/Berlin</c>.</param>
    /// <returns>These options.</returns>
    public TimeIntervalOptions InLocation(string location)
    {
        Location = location;
        return this;
    }

    /// <summary>Adds a range.</summary>
    /// <param name="configure">Sets the range's weekdays, times, days of the month, months and years.</param>
    /// <returns>These options.</returns>
    public TimeIntervalOptions AddRange(Action<TimeIntervalRangeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var range = new TimeIntervalRangeOptions();
        configure(range);
        Ranges.Add(range);
        return this;
    }
}
