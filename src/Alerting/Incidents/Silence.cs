namespace Alerting.Incidents;

/// <summary>A compiled silence: its window, the time intervals it recurs in (none: always), and a matcher compiled the way a rule's conditions are.</summary>
internal sealed class Silence(string name, Func<AlertEvent, bool> matches, DateTimeOffset? startsAt, DateTimeOffset? endsAt, string? comment, TimeInterval[]? recurring = null)
{
    private readonly TimeInterval[] _recurring = recurring ?? [];

    public string Name { get; } = name;

    /// <summary>Whether <paramref name="alertEvent"/> is silenced at <paramref name="now"/>.</summary>
    public bool Silences(AlertEvent alertEvent, DateTimeOffset now) =>
        alertEvent.Status == AlertStatus.Firing &&
        (startsAt is not { } start || now >= start) && (endsAt is not { } end || now < end) &&
        (_recurring.Length == 0 || TimeWindows.AnyContains(_recurring, now)) &&
        matches(alertEvent);

    /// <summary>The reason recorded on what it suppresses.</summary>
    public string Reason => (_recurring.Length, comment) switch
    {
        (0, null) => $"Silenced by '{Name}' until {endsAt:u}.",
        (0, _) => $"Silenced by '{Name}' until {endsAt:u}: {comment}",
        _ => $"Silenced by '{Name}' during time interval{(_recurring.Length > 1 ? "s" : string.Empty)} {string.Join(", ", _recurring.Select(r => $"'{r.Name}' ({r.Zone.Id})"))}{(endsAt is { } end ? $" until {end:u}" : string.Empty)}{(comment is null ? "." : $": {comment}")}",
    };
}
