namespace Alerting.Incidents;

/// <summary>A compiled silence: its window and a matcher compiled the way a rule's conditions are.</summary>
internal sealed class Silence(string name, Func<AlertEvent, bool> matches, DateTimeOffset? startsAt, DateTimeOffset endsAt, string? comment)
{
    public string Name { get; } = name;

    /// <summary>Whether <paramref name="alertEvent"/> is silenced at <paramref name="now"/>.</summary>
    public bool Silences(AlertEvent alertEvent, DateTimeOffset now) =>
        alertEvent.Status == AlertStatus.Firing &&
        (startsAt is not { } start || now >= start) && now < endsAt &&
        matches(alertEvent);

    /// <summary>The reason recorded on what it suppresses.</summary>
    public string Reason => comment is null
        ? $"Silenced by '{Name}' until {endsAt:u}."
        : $"Silenced by '{Name}' until {endsAt:u}: {comment}";
}
