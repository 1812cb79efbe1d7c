namespace Alerting.Monitoring.Internal;

/// <summary>Defaults and limits of job and service monitoring.</summary>
internal static class MonitoringConstants
{
    public static readonly TimeSpan DefaultStartGracePeriod = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan DefaultInstanceHeartbeatTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The longest the checker's timer is armed for; a later deadline re-arms it when it fires (timers take at most about 49 days).</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    /// <summary>How long past twice its grace period a scheduled start, a run's start and a missed start are kept to judge scheduled starts by.</summary>
    public static readonly TimeSpan StartsRetention = TimeSpan.FromHours(1);

    /// <summary>How long after its last deadline and heartbeat a run that never ended is forgotten.</summary>
    public static readonly TimeSpan UnfinishedRunRetention = TimeSpan.FromDays(1);

    /// <summary>The most runs of other replicas one look for overdue deadlines claims.</summary>
    public const int OverdueClaimBatch = 100;

    /// <summary>How many lines of a failure's stack trace its <c>job.failed</c> event carries.</summary>
    public const int StackTraceLines = 10;

    /// <summary>The logger category.</summary>
    public const string LoggerCategory = "Alerting.Monitoring";
}
