namespace Alerting.Redis;

/// <summary>
/// Where the shared state lives: a Redis-protocol server (Redis, Valkey, Garnet). Bound from <c>Alerting:Redis</c> when
/// <see cref="RedisAlertingBuilderExtensions.UseRedis(AlertingBuilder, Action{RedisOptions}?)"/> is called without arguments.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Alerting:Redis";

    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string (<c>host:port,password=…,ssl=true</c>). A secret when it
    /// carries a password: it never appears in logs or messages.
    /// </summary>
    /// <value>Required unless a connection is given in code.</value>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the prefix of every key, so several apps (or environments) can share one server.</summary>
    /// <value>Defaults to <c>alerting:</c>.</value>
    public string KeyPrefix { get; set; } = "alerting:";

    /// <summary>Gets or sets how long a resolved incident's keys are kept before the server drops them.</summary>
    /// <value>Defaults to 1 day.</value>
    public TimeSpan ResolvedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long a replica holds an incident step (an escalation level, a group flush, a delayed resolve) it
    /// has claimed: if it dies before completing the step, another replica runs it once this has passed.
    /// </summary>
    /// <value>Defaults to 30 seconds. Longer than a step takes to queue its notifications.</value>
    public TimeSpan StepLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how often each replica looks for due incident steps scheduled by others, and for job run deadlines
    /// (heartbeat timeout, maximum and expected run time) that the replica running the job has not raised: a step whose
    /// replica died before its time runs within this interval of it, and a dead replica's run deadline is raised by
    /// another between one and two intervals after it.
    /// </summary>
    /// <value>Defaults to 5 seconds; at most <see cref="StepLease"/>.</value>
    public TimeSpan StepPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how often each instance reads the run-time silences again, beside the message every change sends: a
    /// safety net for a message missed while disconnected.
    /// </summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan SilenceRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"Redis (key prefix {KeyPrefix}, configuration {(Configuration is null ? "not set" : "set")})";
}
