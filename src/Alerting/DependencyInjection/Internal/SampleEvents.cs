namespace Alerting.DependencyInjection.Internal;

/// <summary>Realistic events for previews and test sends, carrying the attributes monitors give each well-known type.</summary>
internal static class SampleEvents
{
    public static AlertEvent Create(string eventType, string? source, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        var isService = eventType.StartsWith("service.", StringComparison.Ordinal);
        var isDeliveryFailed = eventType == AlertEventTypes.DeliveryFailed;
        var isHealth = eventType.StartsWith("health.", StringComparison.Ordinal);
        source ??= isDeliveryFailed ? "ops" : isService ? "sample-service" : isHealth ? "sample-check" : "sample-job";
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["sample"] = true,
        };
        if (isDeliveryFailed)
        {
            // As OutcomeRecorder raises it: the source is the channel, the attributes describe the failed delivery.
            attributes["channel"] = source;
            attributes["rule"] = "sample-rule";
            attributes["failed_channel"] = source;
            attributes["failed_rule"] = "sample-rule";
            attributes["reason"] = "503 Service Unavailable";
            attributes["attempts"] = 3;
            attributes["event_id"] = "0f8fad5bd9cb469fa16570867728950e";
            attributes["event_type"] = AlertEventTypes.JobFailed;
            attributes["event_source"] = "sample-job";
            attributes["event_severity"] = "error";
        }
        else if (isService)
        {
            attributes["min_healthy"] = 3;
            attributes["healthy_count"] = eventType == AlertEventTypes.ServiceRecovered ? 3 : 1;
            attributes["healthy_instances"] = eventType == AlertEventTypes.ServiceRecovered ? "web-1, web-2, web-3" : "web-1";
            attributes["unhealthy_instances"] = eventType == AlertEventTypes.ServiceRecovered ? string.Empty : "web-2, web-3";
        }
        else if (isHealth)
        {
            // As Alerting.HealthChecks' publisher raises them: the check's new and previous status, duration and tags.
            attributes["health_status"] = eventType switch
            {
                AlertEventTypes.HealthDegraded => "degraded",
                AlertEventTypes.HealthUnhealthy => "unhealthy",
                _ => "healthy",
            };
            attributes["previous_health_status"] = eventType == AlertEventTypes.HealthRecovered ? "unhealthy" : "healthy";
            attributes["duration"] = TimeSpan.FromMilliseconds(1250);
            attributes["tags"] = new[] { "db", "ready" };
        }
        else
        {
            attributes["run_id"] = "run-0042";
            attributes["attempt"] = 1;
            attributes["duration"] = TimeSpan.FromMinutes(12.5);
        }

        var (severity, message) = eventType switch
        {
            AlertEventTypes.JobSucceeded => (AlertSeverity.Info, "Run completed: 1,204 rows imported."),
            AlertEventTypes.JobFailed => (AlertSeverity.Error, "Connection refused by the database."),
            AlertEventTypes.JobTimedOut => (AlertSeverity.Error, "Still running after the maximum run time of 10 minutes."),
            AlertEventTypes.JobHeartbeatMissed => (AlertSeverity.Error, "No heartbeat for 5 minutes."),
            AlertEventTypes.JobStartMissed => (AlertSeverity.Warning, "Scheduled start did not happen within the 2-minute grace period."),
            AlertEventTypes.JobFinishLate => (AlertSeverity.Warning, "Finished 4 minutes after its deadline."),
            AlertEventTypes.ServiceDegraded => (AlertSeverity.Critical, "1 of 3 required instances healthy."),
            AlertEventTypes.ServiceRecovered => (AlertSeverity.Info, "3 of 3 required instances healthy."),
            AlertEventTypes.DeliveryFailed => (AlertSeverity.Error, "Delivery to channel ops failed: 503 Service Unavailable."),
            AlertEventTypes.HealthDegraded => (AlertSeverity.Warning, "Ping took 1.25 s, above 1 s."),
            AlertEventTypes.HealthUnhealthy => (AlertSeverity.Error, "Connection refused by the database."),
            AlertEventTypes.HealthRecovered => (AlertSeverity.Info, "Healthy again."),
            _ => (AlertSeverity.Warning, "A sample occurrence of " + eventType + "."),
        };
        if (eventType == AlertEventTypes.JobFailed)
        {
            attributes["error_type"] = "System.Net.Sockets.SocketException";
            attributes["error_message"] = message;
        }

        var resolved = eventType is AlertEventTypes.JobSucceeded or AlertEventTypes.ServiceRecovered or AlertEventTypes.HealthRecovered;
        return new AlertEvent(eventType, source, severity, message)
        {
            Timestamp = now,
            Status = resolved ? AlertStatus.Resolved : AlertStatus.Firing,
            Environment = "sample",
            Url = new Uri("https://example.com/runs/run-0042"),
            Attributes = attributes,
        };
    }
}
