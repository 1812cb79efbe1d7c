using System.Diagnostics.Metrics;

namespace Alerting.Diagnostics;

/// <summary>All of Alerting's instruments; see Diagnostics/README.md for the reference.</summary>
internal sealed class AlertingMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _reloads;

    public AlertingMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(AlertingTelemetry.MeterName) ?? new Meter(AlertingTelemetry.MeterName);
        _published = _meter.CreateCounter<long>("alerting.events.published", "{event}", "Events accepted by the publisher.");
        _outcomes = _meter.CreateCounter<long>("alerting.notifications", "{notification}", "Final outcomes of rule actions, by channel and outcome.");
        _attempts = _meter.CreateCounter<long>("alerting.delivery.attempts", "{attempt}", "Delivery attempts made to providers: every try, retries included; a request an open circuit refused counts none.");
        _duration = _meter.CreateHistogram<double>("alerting.delivery.duration", "s", "Time from dispatch to final outcome of a notification, retries included.");
        _reloads = _meter.CreateCounter<long>("alerting.configuration.reloads", "{reload}", "Configuration changes, applied or rejected.");
    }

    public void ObserveQueueLength(Func<int> queueLength) =>
        _meter.CreateObservableGauge("alerting.queue.length", queueLength, "{event}", "Events waiting for dispatch.");

    /// <summary>Counts a configuration change: <c>applied</c>, or <c>rejected</c> (its problems were logged).</summary>
    public void ConfigurationChanged(bool applied)
    {
        if (_reloads.Enabled)
        {
            _reloads.Add(1, new KeyValuePair<string, object?>(AlertingTelemetryTags.Outcome, applied ? "applied" : "rejected"));
        }
    }

    public void EventPublished(string eventType)
    {
        if (_published.Enabled)
        {
            _published.Add(1, new KeyValuePair<string, object?>(AlertingTelemetryTags.EventType, eventType));
        }
    }

    /// <summary>Counts the attempts one call to a notifier made: its own retries included, none when nothing reached the provider.</summary>
    public void AttemptsMade(string channel, int attempts)
    {
        if (_attempts.Enabled && attempts > 0)
        {
            _attempts.Add(attempts, new KeyValuePair<string, object?>(AlertingTelemetryTags.Channel, channel));
        }
    }

    public void OutcomeRecorded(DeliveryOutcome outcome)
    {
        if (_outcomes.Enabled)
        {
            _outcomes.Add(
                1,
                new KeyValuePair<string, object?>(AlertingTelemetryTags.Channel, outcome.ChannelName),
                new KeyValuePair<string, object?>(AlertingTelemetryTags.Severity, SeverityTag(outcome.Severity)),
                new KeyValuePair<string, object?>(AlertingTelemetryTags.Outcome, OutcomeTag(outcome.Status)),
                new KeyValuePair<string, object?>(AlertingTelemetryTags.Reason, outcome.ReasonTag));
        }

        if (_duration.Enabled && outcome.Attempts > 0)
        {
            _duration.Record(
                outcome.Duration.TotalSeconds,
                new KeyValuePair<string, object?>(AlertingTelemetryTags.Channel, outcome.ChannelName),
                new KeyValuePair<string, object?>(AlertingTelemetryTags.Outcome, OutcomeTag(outcome.Status)));
        }
    }

    public void Dispose()
    {
        // A meter from IMeterFactory belongs to the factory, which disposes it.
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal static string SeverityTag(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Error => "error",
        _ => "critical",
    };

    internal static string OutcomeTag(DeliveryOutcomeStatus status) => status switch
    {
        DeliveryOutcomeStatus.Delivered => "delivered",
        DeliveryOutcomeStatus.Failed => "failed",
        DeliveryOutcomeStatus.Suppressed => "suppressed",
        DeliveryOutcomeStatus.Skipped => "skipped",
        _ => "dropped",
    };
}
