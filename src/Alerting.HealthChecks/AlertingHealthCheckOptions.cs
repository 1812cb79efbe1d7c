using Alerting.Diagnostics;

namespace Alerting.HealthChecks;

/// <summary>The thresholds of the Alerting health check (<c>services.AddHealthChecks().AddAlerting(...)</c>).</summary>
public sealed class AlertingHealthCheckOptions
{
    /// <summary>Gets or sets how far back the channels' failed deliveries and the events dropped or refused count.</summary>
    /// <value>Defaults to five minutes; at least one minute and at most one hour (counted to the minute).</value>
    public TimeSpan Window { get; set; } = AlertingHealthSnapshot.DefaultWindow;

    /// <summary>
    /// Gets or sets how full a queue (the event queue, or a channel's) may get, as a fraction of its capacity, before the
    /// check reports degraded. A full event queue is unhealthy: publishers wait, or events are dropped or refused.
    /// </summary>
    /// <value>Defaults to 0.8; more than 0 and at most 1.</value>
    public double DegradedQueueFill { get; set; } = 0.8;

    /// <summary>
    /// Gets or sets how many events kept in the outbox and waiting for their outcomes make the check degraded: deliveries
    /// are slower than events arrive. <see langword="null"/> never does.
    /// </summary>
    /// <value>Defaults to 1,000; at least 1 when set.</value>
    public int? DegradedOutboxBacklog { get; set; } = 1000;

    /// <summary>
    /// Gets or sets how many failed deliveries to a channel within <see cref="Window"/>, with none delivered, make the
    /// check unhealthy. Fewer failures, or failures beside deliveries, make it degraded.
    /// </summary>
    /// <value>Defaults to 3; at least 1.</value>
    public int UnhealthyFailedDeliveries { get; set; } = 3;

    /// <summary>Every problem with the settings, one sentence each; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Window < TimeSpan.FromMinutes(1) || Window > AlertingHealthSnapshot.MaxWindow)
        {
            problems.Add($"Window must be between one minute and one hour (was {Window}).");
        }

        if (!(DegradedQueueFill > 0 && DegradedQueueFill <= 1))
        {
            problems.Add($"DegradedQueueFill must be more than 0 and at most 1 (was {DegradedQueueFill}).");
        }

        if (DegradedOutboxBacklog < 1)
        {
            problems.Add($"DegradedOutboxBacklog must be at least 1 when set (was {DegradedOutboxBacklog}).");
        }

        if (UnhealthyFailedDeliveries < 1)
        {
            problems.Add($"UnhealthyFailedDeliveries must be at least 1 (was {UnhealthyFailedDeliveries}).");
        }

        return problems;
    }
}
