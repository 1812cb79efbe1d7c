using Cronos;

namespace Alerting.Monitoring.Internal;

/// <summary>When a job is expected to start: a cron expression read in a time zone (as Cronos defines daylight-saving transitions), or a fixed interval.</summary>
internal sealed class JobSchedule
{
    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _interval;

    private JobSchedule(CronExpression? cron, TimeZoneInfo zone, TimeSpan interval, string description)
    {
        _cron = cron;
        _zone = zone;
        _interval = interval;
        Description = description;
    }

    /// <summary>The schedule as the events' <c>schedule</c> attribute shows it.</summary>
    public string Description { get; }

    public static JobSchedule Cron(CronExpression cron, string text, TimeZoneInfo zone) => new(cron, zone, TimeSpan.Zero, $"{text} ({zone.Id})");

    public static JobSchedule Every(TimeSpan interval) => new(null, TimeZoneInfo.Utc, interval, $"every {Durations.Describe(interval)}");

    /// <summary>The first expected start after <paramref name="time"/>; <see langword="null"/> when the expression has no more.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time) => _cron is null ? time + _interval : _cron.GetNextOccurrence(time, _zone);
}
