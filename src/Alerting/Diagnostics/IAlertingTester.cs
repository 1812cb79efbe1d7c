using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Diagnostics;

/// <summary>
/// Checks a configuration before a real incident does: validate everything without sending, preview templates and
/// rule actions against sample events, and send a test notification to a channel on demand.
/// </summary>
public interface IAlertingTester
{
    /// <summary>Gets which configuration is running and, when the last change to it was rejected, every problem it had.</summary>
    AlertingConfigurationStatus Configuration { get; }

    /// <summary>Validates every channel, rule and template without sending anything.</summary>
    /// <returns>Every problem found, each naming the channel or rule, the field and any template position; empty when valid.</returns>
    IReadOnlyList<string> Validate();

    /// <summary>Creates a realistic sample event of a type, with the attributes Alerting's monitors give such events.</summary>
    /// <param name="eventType">A type from <see cref="AlertEventTypes"/> or a custom type.</param>
    /// <param name="source">The sample's source; defaults to <c>sample-job</c> or <c>sample-service</c>.</param>
    /// <returns>The event.</returns>
    AlertEvent CreateSampleEvent(string eventType, string? source = null);

    /// <summary>Renders a template against an event.</summary>
    /// <param name="templateText">The template text.</param>
    /// <param name="alertEvent">The event, for example from <see cref="CreateSampleEvent"/>.</param>
    /// <param name="escaping">The escaping for substituted values.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="TemplateException">The template is invalid; the message names the position.</exception>
    string RenderTemplate(string templateText, AlertEvent alertEvent, TemplateEscaping escaping = TemplateEscaping.None);

    /// <summary>Renders what one of a rule's actions would send for an event, exactly as its channel would get it, without sending.</summary>
    /// <param name="ruleName">The rule.</param>
    /// <param name="alertEvent">The event; defaults to a sample of the rule's first event type.</param>
    /// <param name="actionIndex">Which of the rule's channel actions (0-based).</param>
    /// <returns>The notification, rendered, escaped and cut to the channel's limits.</returns>
    /// <exception cref="ArgumentException">No enabled rule has that name, or it has no channel action at that index.</exception>
    /// <exception cref="AlertingConfigurationException">The configuration is invalid.</exception>
    Notification Preview(string ruleName, AlertEvent? alertEvent = null, int actionIndex = 0);

    /// <summary>
    /// Renders the notifications one of a rule's actions would send for a burst of events arriving together (within the
    /// group wait), without sending: for a rule with <c>Incidents.GroupBy</c>, one per group listing its alerts (an alert
    /// resolved by a later event of the burst is left out, as no one heard of it); otherwise one per incident the events
    /// open (one per event the rule matches, when it tracks no incidents).
    /// </summary>
    /// <param name="ruleName">The rule.</param>
    /// <param name="events">The events, in the order they arrive; those the rule does not match are ignored.</param>
    /// <param name="actionIndex">Which of the rule's channel actions (0-based).</param>
    /// <returns>The notifications in the order their groups (or incidents) opened, rendered, escaped and cut to the channel's limits.</returns>
    /// <exception cref="ArgumentException">No enabled rule has that name, or it has no channel action at that index.</exception>
    /// <exception cref="AlertingConfigurationException">The configuration is invalid.</exception>
    ValueTask<IReadOnlyList<Notification>> PreviewGroupsAsync(string ruleName, IReadOnlyList<AlertEvent> events, int actionIndex = 0);

    /// <summary>
    /// Sends a test notification (kind <see cref="NotificationKind.Test"/>, about a sample event) to a channel through
    /// its real delivery path (queue, concurrency limit, timeout, retries) bypassing rules, and waits for the outcome,
    /// which is recorded in the history. A failed test raises no <c>delivery.failed</c> event.
    /// </summary>
    /// <param name="channelName">The channel.</param>
    /// <param name="cancellationToken">Stops waiting; the delivery itself goes on.</param>
    /// <returns>The outcome, with the provider's reason when it failed.</returns>
    /// <exception cref="ArgumentException">No channel has that name.</exception>
    /// <exception cref="AlertingConfigurationException">The configuration is invalid.</exception>
    Task<DeliveryOutcome> SendTestAsync(string channelName, CancellationToken cancellationToken = default);
}
