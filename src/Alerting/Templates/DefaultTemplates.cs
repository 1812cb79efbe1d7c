using System.Collections.Frozen;

namespace Alerting.Templates;

/// <summary>
/// The title and message a notification gets when neither its rule nor its channel sets one: one place, like
/// Alertmanager's <c>default.tmpl</c>. Every well-known type says what happened in its own words, and any other type
/// gets a generic pair; all are plain text that reads well with any <see cref="TemplateEscaping"/>.
/// </summary>
/// <remarks>
/// <para>
/// Titles read like <c>[ERROR] Job nightly-import failed (firing)</c>. For types that report a problem the title
/// ends with the status, so the event that resolves it reads <c>[ERROR] Job nightly-import failed (resolved)</c>;
/// purely informational types (<see cref="AlertEventTypes.JobSucceeded"/>,
/// <see cref="AlertEventTypes.ServiceRecovered"/>, <see cref="AlertEventTypes.HealthRecovered"/>) leave it out.
/// </para>
/// <para>
/// Messages follow Prefect's default flow-run notification: what happened to which source, then status, severity
/// and time, then the event's own message:
/// <code>
/// Job nightly-import failed.
/// Status: firing | Severity: error | Time: 2026-11-22 09:12:00Z
/// Disk full
/// </code>
/// They use only fields every event has (plus <c>message</c>, last), so they never show an empty label.
/// </para>
/// </remarks>
public static class DefaultTemplates
{
    private static readonly FrozenDictionary<string, Defaults> s_byType = new Defaults[]
    {
        new(AlertEventTypes.JobSucceeded, isProblem: false, "Job {source} succeeded", "Job {source} finished successfully."),
        new(AlertEventTypes.JobFailed, isProblem: true, "Job {source} failed", "Job {source} failed."),
        new(AlertEventTypes.JobTimedOut, isProblem: true, "Job {source} timed out", "Job {source} ran past its maximum run time."),
        new(AlertEventTypes.JobHeartbeatMissed, isProblem: true, "Job {source} missed heartbeats", "Job {source} stopped sending heartbeats while running."),
        new(AlertEventTypes.JobStartMissed, isProblem: true, "Job {source} did not start", "Job {source} did not start within its grace period."),
        new(AlertEventTypes.JobFinishLate, isProblem: true, "Job {source} finished late", "Job {source} finished later than expected."),
        new(AlertEventTypes.ServiceDegraded, isProblem: true, "Service {source} degraded", "Service {source} fell below its minimum number of healthy instances."),
        new(AlertEventTypes.ServiceRecovered, isProblem: false, "Service {source} recovered", "Service {source} is back at or above its minimum number of healthy instances."),
        new(AlertEventTypes.DeliveryFailed, isProblem: true, "Delivery to channel {source} failed", "A notification could not be delivered to channel {source} after its retries."),
        new(AlertEventTypes.IncidentUpdated, isProblem: false, "Incident update for {source}", "The incident for {source} has an update."),
        new(AlertEventTypes.HealthDegraded, isProblem: true, "Health check {source} degraded", "Health check {source} reports degraded."),
        new(AlertEventTypes.HealthUnhealthy, isProblem: true, "Health check {source} unhealthy", "Health check {source} reports unhealthy."),
        new(AlertEventTypes.HealthRecovered, isProblem: false, "Health check {source} recovered", "Health check {source} is healthy again."),
    }.ToFrozenDictionary(d => d.Type, StringComparer.OrdinalIgnoreCase);

    private static readonly Defaults s_generic = new(string.Empty, isProblem: true, "{type} from {source}", "Event {type} from {source}.");

    /// <summary>Gets the default title for an event type.</summary>
    /// <param name="eventType">The event type: one of <see cref="AlertEventTypes"/> (matched ignoring case) or any custom type.</param>
    /// <returns>The type's own title, or the generic <c>[{severity:upper}] {type} from {source} ({status})</c>; parsed once and shared.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventType"/> is <see langword="null"/>.</exception>
    public static MessageTemplate Title(string eventType) => For(eventType).Title;

    /// <summary>Gets the default message for an event type.</summary>
    /// <param name="eventType">The event type: one of <see cref="AlertEventTypes"/> (matched ignoring case) or any custom type.</param>
    /// <returns>The type's own message, or a generic one naming the type; parsed once and shared.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventType"/> is <see langword="null"/>.</exception>
    public static MessageTemplate Message(string eventType) => For(eventType).Message;

    /// <summary>Gets the default title of a grouped notification: <c>[{severity:upper}] {alerts_summary} in {group}</c> (<c>[ERROR] 5 alerts firing, 2 new in region=eu</c>).</summary>
    public static MessageTemplate GroupTitle { get; } = MessageTemplate.Parse("[{severity:upper}] {alerts_summary} in {group}");

    /// <summary>Gets the default message of a grouped notification: <c>{alerts}</c>, one line per alert.</summary>
    public static MessageTemplate GroupMessage { get; } = MessageTemplate.Parse("{alerts}");

    /// <summary>Gets the default line of one alert in a grouped notification: <c>[{alert_state:upper}] {source}: {message} ({severity})</c>.</summary>
    public static MessageTemplate Alert { get; } = MessageTemplate.Parse("[{alert_state:upper}] {source}: {message} ({severity})");

    private static Defaults For(string eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return s_byType.GetValueOrDefault(eventType, s_generic);
    }

    private sealed class Defaults
    {
        public Defaults(string type, bool isProblem, string title, string sentence)
        {
            Type = type;
            var status = isProblem ? "Status: {status} | " : string.Empty;
            Title = MessageTemplate.Parse("[{severity:upper}] " + title + (isProblem ? " ({status})" : string.Empty));
            Message = MessageTemplate.Parse(sentence + "\n" + status + "Severity: {severity} | Time: {timestamp}\n{message}");
        }

        public string Type { get; }

        public MessageTemplate Title { get; }

        public MessageTemplate Message { get; }
    }
}
