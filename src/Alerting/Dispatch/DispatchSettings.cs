namespace Alerting.Dispatch;

/// <summary>What dispatch reads from <see cref="AlertingOptions"/>, read once when the dispatcher is built.</summary>
/// <param name="Environment">The run environment stamped on events that have none.</param>
/// <param name="QueueCapacity">The capacity of the event queue.</param>
/// <param name="QueueFullMode">What publishing does when the event queue is full.</param>
/// <param name="DrainTimeout">How long stopping waits for queued notifications.</param>
/// <param name="Outbox">Where accepted events are kept until their outcomes are known.</param>
/// <param name="WarmUp">Whether starting loads the HTTP stack before the first notification.</param>
/// <param name="Compile">Compiles the configuration (or returns it compiled) when dispatch starts.</param>
/// <param name="Started">
/// Called once dispatch runs, with how to apply a changed configuration (the caller compiles it; dispatch swaps it in).
/// </param>
internal sealed record DispatchSettings(
    string? Environment,
    int QueueCapacity,
    QueueFullMode QueueFullMode,
    TimeSpan DrainTimeout,
    OutboxOptions Outbox,
    bool WarmUp,
    Func<CompiledAlerting> Compile,
    Action<Func<CompiledAlerting, ValueTask>> Started);
