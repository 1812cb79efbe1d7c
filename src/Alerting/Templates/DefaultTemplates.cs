using System.Collections.Concurrent;

namespace Alerting.Templates;

/// <summary>
/// The title and message used when a rule and its channel give none, per event type: every well-known type says what
/// happened in words, and any other type gets a generic pair. One place, like Alertmanager's <c>default.tmpl</c>.
/// </summary>
public static class DefaultTemplates
{
    private const string GenericTitle = "[{severity:upper}] {type} from {source}";
    private const string GenericMessage = "{type} ({status}) from {source} at {timestamp}: {message}";

    private static readonly Dictionary<string, (string Title, string Message)> s_texts = new(StringComparer.Ordinal)
    {
        [AlertEventTypes.JobSucceeded] = ("[{severity:upper}] Job {source} succeeded", "Job {source} finished successfully at {timestamp}.\n{message}"),
        [AlertEventTypes.JobFailed] = ("[{severity:upper}] Job {source} failed", "Job {source} failed at {timestamp}.\n{message}"),
        [AlertEventTypes.JobTimedOut] = ("[{severity:upper}] Job {source} timed out", "Job {source} ran past its maximum run time at {timestamp}.\n{message}"),
        [AlertEventTypes.JobHeartbeatMissed] = ("[{severity:upper}] Job {source} stopped sending heartbeats", "Job {source} has sent no heartbeat since before {timestamp}.\n{message}"),
        [AlertEventTypes.JobStartMissed] = ("[{severity:upper}] Job {source} did not start", "Job {source} did not start within its grace period (checked at {timestamp}).\n{message}"),
        [AlertEventTypes.JobFinishLate] = ("[{severity:upper}] Job {source} finished late", "Job {source} finished later than expected at {timestamp}.\n{message}"),
        [AlertEventTypes.ServiceDegraded] = ("[{severity:upper}] Service {source} is degraded", "Service {source} fell below its minimum healthy instances at {timestamp}.\n{message}"),
        [AlertEventTypes.ServiceRecovered] = ("[{severity:upper}] Service {source} recovered", "Service {source} is back at or above its minimum healthy instances at {timestamp}.\n{message}"),
        [AlertEventTypes.DeliveryFailed] = ("[{severity:upper}] Delivery to channel {source} failed", "A notification could not be delivered to channel {source} at {timestamp}.\n{message}"),
    };

    private static readonly ConcurrentDictionary<string, (MessageTemplate Title, MessageTemplate Message)> s_parsed = new(StringComparer.Ordinal);

    /// <summary>Gets the default title for an event type.</summary>
    /// <param name="eventType">The event type.</param>
    /// <returns>The parsed template (cached).</returns>
    public static MessageTemplate Title(string eventType) => Get(eventType).Title;

    /// <summary>Gets the default message for an event type.</summary>
    /// <param name="eventType">The event type.</param>
    /// <returns>The parsed template (cached).</returns>
    public static MessageTemplate Message(string eventType) => Get(eventType).Message;

    private static (MessageTemplate Title, MessageTemplate Message) Get(string eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        var key = s_texts.ContainsKey(eventType) ? eventType : string.Empty;
        return s_parsed.GetOrAdd(key, static k =>
        {
            var (title, message) = s_texts.TryGetValue(k, out var texts) ? texts : (GenericTitle, GenericMessage);
            return (MessageTemplate.Parse(title), MessageTemplate.Parse(message));
        });
    }
}
