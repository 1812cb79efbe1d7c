using System.Globalization;
using Alerting.Diagnostics;
using Alerting.HealthChecks.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alerting.HealthChecks;

/// <summary>
/// Alerting's own health, from <see cref="IAlertingHealth"/>: unhealthy when dispatch stopped, the event queue is full,
/// events were dropped or refused within the window, or every recent delivery to a channel failed; degraded when a
/// queue fills up, a channel's circuit is open or some of its deliveries failed, the outbox backlog grows, or the shared
/// store cannot be reached. The result's description and data name each channel and reason with counts and reason tags
/// only: never a channel's options, nor a provider's reason text.
/// </summary>
internal sealed class AlertingHealthCheck(IAlertingHealth health, AlertingHealthCheckOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Evaluate(health.GetSnapshot(options.Window), options, context.Registration.FailureStatus));

    /// <summary>The result for a snapshot: <paramref name="failureStatus"/> for what is unhealthy, degraded (or <paramref name="failureStatus"/> when milder) for the rest.</summary>
    internal static HealthCheckResult Evaluate(AlertingHealthSnapshot snapshot, AlertingHealthCheckOptions options, HealthStatus failureStatus)
    {
        var findings = new Findings(snapshot, failureStatus);
        var since = snapshot.Timestamp - snapshot.Window;
        var window = Minutes(snapshot.Window);
        if (snapshot.State == AlertingDispatchState.Stopped)
        {
            findings.Unhealthy(null, HealthReasons.Stopped, "Alerting has stopped: no event is accepted.");
        }

        QueueFill(findings, null, "The event queue", snapshot.QueueLength, snapshot.QueueCapacity, options.DegradedQueueFill, fullIsUnhealthy: true);
        if (snapshot.LastDroppedAt > since)
        {
            findings.Unhealthy(null, HealthReasons.EventsDropped, Text($"Events were dropped from the full queue within the last {window} ({snapshot.DroppedEvents} since Alerting started)."));
        }

        if (snapshot.LastRefusedAt > since)
        {
            findings.Unhealthy(null, HealthReasons.EventsRefused, Text($"Events were refused by the full queue within the last {window} ({snapshot.RefusedEvents} since Alerting started)."));
        }

        if (snapshot.OutboxBacklog is { } backlog && backlog >= options.DegradedOutboxBacklog)
        {
            findings.Degraded(null, HealthReasons.OutboxBacklog, Text($"{backlog} events in the outbox wait for their outcomes."));
        }

        if (snapshot.SharedStore is { IsReachable: false } store)
        {
            var outage = store.UnreachableSince is { } at ? Text($" since {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z") : string.Empty;
            findings.Degraded(null, HealthReasons.StoreUnreachable, Text($"The shared {store.StoreName} store cannot be reached{outage}: this instance decides alone ({store.LocalDecisions} decisions so far)."));
        }

        foreach (var channel in snapshot.Channels)
        {
            var who = "Channel " + channel.Name;
            findings.Channel(channel);
            switch (channel.Circuit)
            {
                case ChannelCircuitState.Open:
                    findings.Degraded(channel.Name, HealthReasons.CircuitOpen, who + ": circuit open, deliveries fail without calling the provider.");
                    break;
                case ChannelCircuitState.HalfOpen:
                    findings.Degraded(channel.Name, HealthReasons.CircuitHalfOpen, who + ": circuit half-open, the next delivery is a trial.");
                    break;
            }

            var last = channel.LastFailureReasonTag is { } tag ? $" (last: {tag})" : string.Empty;
            if (channel.Failed > 0 && channel.Delivered == 0 && channel.Failed >= options.UnhealthyFailedDeliveries)
            {
                findings.Unhealthy(channel.Name, HealthReasons.AllDeliveriesFailed, Text($"{who}: all {channel.Failed} deliveries within the last {window} failed{last}."));
            }
            else if (channel.Failed > 0)
            {
                findings.Degraded(channel.Name, HealthReasons.DeliveryFailures, Text($"{who}: {channel.Failed} of {channel.Failed + channel.Delivered} deliveries within the last {window} failed{last}."));
            }

            QueueFill(findings, channel.Name, who + "'s queue", channel.QueueLength, channel.QueueCapacity, options.DegradedQueueFill, fullIsUnhealthy: false);
        }

        return findings.Result(Text($"Alerting is healthy: {snapshot.Channels.Count} channel(s), {snapshot.QueueLength} of {snapshot.QueueCapacity} events queued."));
    }

    private static void QueueFill(Findings findings, string? channel, string what, int length, int capacity, double degradedFill, bool fullIsUnhealthy)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (length >= capacity)
        {
            var sentence = Text($"{what} is full ({length} of {capacity}).");
            if (fullIsUnhealthy)
            {
                findings.Unhealthy(channel, HealthReasons.QueueFull, sentence);
            }
            else
            {
                findings.Degraded(channel, HealthReasons.QueueFull, sentence);
            }
        }
        else if (length >= degradedFill * capacity)
        {
            findings.Degraded(channel, HealthReasons.QueueFilling, Text($"{what} is filling up ({length} of {capacity})."));
        }
    }

    private static string Minutes(TimeSpan window) =>
        window.TotalMinutes == 1 ? "minute" : Text($"{Math.Ceiling(window.TotalMinutes)} minutes");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
