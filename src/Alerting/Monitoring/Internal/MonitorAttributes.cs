namespace Alerting.Monitoring.Internal;

/// <summary>The attribute names of the events the monitor raises (documented in the Monitoring README).</summary>
internal static class MonitorAttributes
{
    public const string Job = "job";
    public const string RunId = "run_id";
    public const string Attempt = "attempt";
    public const string StartedAt = "started_at";
    public const string ScheduledAt = "scheduled_at";
    public const string Duration = "duration";
    public const string Outcome = "outcome";
    public const string ErrorType = "error_type";
    public const string ErrorMessage = "error_message";
    public const string StackTrace = "stack_trace";
    public const string Schedule = "schedule";
    public const string GracePeriod = "grace_period";
    public const string Reason = "reason";
    public const string LateBy = "late_by";
    public const string MaxRunTime = "max_run_time";
    public const string ExpectedRunTime = "expected_run_time";
    public const string HeartbeatTimeout = "heartbeat_timeout";
    public const string LastHeartbeat = "last_heartbeat";
    public const string Service = "service";
    public const string MinimumHealthy = "minimum_healthy";
    public const string HealthyCount = "healthy_count";
    public const string UnhealthyCount = "unhealthy_count";
    public const string HealthyInstances = "healthy_instances";
    public const string UnhealthyInstances = "unhealthy_instances";
}
