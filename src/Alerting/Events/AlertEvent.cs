using System.Collections.Frozen;
using System.Globalization;

namespace Alerting;

/// <summary>
/// Something that happened inside the application: a job failed, a service degraded, or any custom occurrence.
/// Events are immutable once published; their <see cref="Attributes"/> are the context templates render from.
/// </summary>
/// <example>
/// <code>
/// await publisher.PublishAsync(new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full"));
/// </code>
/// </example>
public sealed class AlertEvent
{
    private static readonly IReadOnlyDictionary<string, object?> s_noAttributes =
        FrozenDictionary<string, object?>.Empty;

    private DateTimeOffset _timestamp;
    private string? _environment;
    private string? _derivedDedupKey;

    /// <summary>Creates an event.</summary>
    /// <param name="type">The event type: one of <see cref="AlertEventTypes"/> or any custom string.</param>
    /// <param name="source">The job, flow or service the event is about.</param>
    /// <param name="severity">How serious it is.</param>
    /// <param name="message">A human-readable description.</param>
    /// <exception cref="ArgumentException"><paramref name="type"/> or <paramref name="source"/> is empty.</exception>
    public AlertEvent(string type, string source, AlertSeverity severity = AlertSeverity.Info, string? message = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Type = type;
        Source = source;
        Severity = severity;
        Message = message;
    }

    /// <summary>Gets a unique identifier of this event.</summary>
    /// <value>Defaults to a new GUID in "N" format.</value>
    public string Id { get; init; } = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Gets the event type, for example <see cref="AlertEventTypes.JobFailed"/>.</summary>
    public string Type { get; }

    /// <summary>Gets the job, flow or service name the event is about.</summary>
    public string Source { get; }

    /// <summary>Gets how serious the event is.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets a human-readable description of what happened.</summary>
    public string? Message { get; init; }

    /// <summary>Gets when the event happened.</summary>
    /// <value>When not set, the publisher stamps the time it accepted the event, from its <see cref="TimeProvider"/>.</value>
    public DateTimeOffset Timestamp
    {
        get => _timestamp;
        init => _timestamp = value;
    }

    /// <summary>Gets whether the event reports a problem firing or resolved.</summary>
    /// <value>Defaults to <see cref="AlertStatus.Firing"/>.</value>
    public AlertStatus Status { get; init; }

    /// <summary>Gets the key that identifies the problem across events; events with the same key belong to one incident.</summary>
    /// <value>Defaults to <see langword="null"/>: a key is derived from <see cref="Type"/> and <see cref="Source"/>.</value>
    public string? DedupKey { get; init; }

    /// <summary>Gets the environment the event comes from ("production", "staging").</summary>
    /// <value>When not set, the publisher uses <c>AlertingOptions.Environment</c>.</value>
    public string? Environment
    {
        get => _environment;
        init => _environment = value;
    }

    /// <summary>Gets a link to more detail (a run page, a dashboard); channels that can show a button do.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets named values describing the event; templates resolve names here after the event's own fields.</summary>
    /// <value>Never <see langword="null"/>; empty by default.</value>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = s_noAttributes;

    /// <summary>Gets the dedup key, or the key derived from type and source when none is set.</summary>
    /// <value>A derived key is made once per event, on first use.</value>
    public string EffectiveDedupKey => DedupKey ?? (_derivedDedupKey ??= string.Concat(Type, ":", Source));

    /// <summary>Returns a copy of this event with its status set to <see cref="AlertStatus.Resolved"/>.</summary>
    /// <param name="message">The message of the resolving event; defaults to this event's message.</param>
    /// <returns>A new event with a new <see cref="Id"/>, the same dedup key and no timestamp (stamped on publish).</returns>
    public AlertEvent ToResolved(string? message = null) => new(Type, Source, Severity, message ?? Message)
    {
        Status = AlertStatus.Resolved,
        DedupKey = EffectiveDedupKey,
        Environment = Environment,
        Url = Url,
        Attributes = Attributes,
    };

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Type} {Status} {Severity} from {Source}: {Message}");

    /// <summary>This event as an action that overrides its severity shows it: every field the same but the severity.</summary>
    internal AlertEvent WithSeverity(AlertSeverity severity) => severity == Severity ? this : Copy(severity, Message);

    /// <summary>This event with another message (an acknowledgement's, say), every other field the same.</summary>
    internal AlertEvent WithMessage(string? message) => Copy(Severity, message);

    /// <summary>Fills the timestamp and environment the caller left unset; called once as the event is accepted.</summary>
    internal void StampOnPublish(DateTimeOffset now, string? environment)
    {
        if (_timestamp == default)
        {
            _timestamp = now;
        }

        _environment ??= environment;
    }

    private AlertEvent Copy(AlertSeverity severity, string? message) => new(Type, Source, severity, message)
    {
        Id = Id,
        Timestamp = Timestamp,
        Status = Status,
        DedupKey = DedupKey,
        Environment = Environment,
        Url = Url,
        Attributes = Attributes,
    };
}
