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
    /// Gets or sets how long what a replica has taken on outlives it: an incident step it claimed (an escalation level,
    /// a group flush, a delayed resolve) and the events it accepted. A replica renews its lease every
    /// <see cref="TakeoverPollInterval"/>; once a replica that stopped has not renewed it for this long, another replica
    /// takes over its events and runs its claimed steps.
    /// </summary>
    /// <value>Defaults to 30 seconds. Longer than a step takes to queue its notifications.</value>
    public TimeSpan TakeoverLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how often each replica renews its lease and looks for work to take over: due incident steps scheduled
    /// by others (a step whose replica died before its time runs within this interval of it), the events of replicas
    /// whose lease ran out, and job run deadlines (heartbeat timeout, maximum and expected run time) that the replica
    /// running the job has not raised (a dead replica's run deadline is raised by another between one and two intervals
    /// after it).
    /// </summary>
    /// <value>Defaults to 5 seconds; at most <see cref="TakeoverLease"/>.</value>
    public TimeSpan TakeoverPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets whether accepted events are kept on the server until delivered (the <see cref="IAlertOutbox"/>
    /// <see cref="RedisAlertOutbox"/>), so that another replica delivers those of a replica that dies. Publishing then
    /// waits for one write to the server per event.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>. In place of the file outbox of <see cref="AlertingOptions.Outbox"/>.</value>
    public bool ShareOutbox { get; set; } = true;

    /// <summary>Gets or sets this replica's name among the replicas sharing the server (in logs, and the key of its events), to which a random suffix is added at each start.</summary>
    /// <value>Defaults to <see langword="null"/>: the machine name and the process id.</value>
    public string? ReplicaId { get; set; }

    /// <summary>
    /// Gets or sets how often each instance reads the run-time silences again, beside the message every change sends: a
    /// safety net for a message missed while disconnected.
    /// </summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan SilenceRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"Redis (key prefix {KeyPrefix}, configuration {(Configuration is null ? "not set" : "set")})";
}
