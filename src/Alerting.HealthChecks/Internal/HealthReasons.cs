namespace Alerting.HealthChecks.Internal;

/// <summary>The reason tags of the Alerting health check: bounded words in its data (<c>reasons</c>, <c>channel.{name}.reasons</c>), documented in the README.</summary>
internal static class HealthReasons
{
    public const string Stopped = "stopped";
    public const string QueueFull = "queue_full";
    public const string QueueFilling = "queue_filling";
    public const string EventsDropped = "events_dropped";
    public const string EventsRefused = "events_refused";
    public const string OutboxBacklog = "outbox_backlog";
    public const string StoreUnreachable = "store_unreachable";
    public const string CircuitOpen = "circuit_open";
    public const string CircuitHalfOpen = "circuit_half_open";
    public const string DeliveryFailures = "delivery_failures";
    public const string AllDeliveriesFailed = "all_deliveries_failed";
}
