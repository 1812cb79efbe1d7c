namespace Alerting;

/// <summary>
/// The durable outbox: every accepted event is written to a file before it is queued and marked done once all its
/// notifications have an outcome, so events accepted before a crash (or left over when a stop ran out of drain time)
/// are dispatched again on the next start. Delivery is then at least once: an event that was half delivered when the
/// process died is dispatched again in full.
/// </summary>
public sealed class OutboxOptions
{
    /// <summary>Gets or sets the folder of the outbox file (<c>outbox.jsonl</c>); one process per folder.</summary>
    /// <value>Defaults to <see langword="null"/>: no outbox, accepted events live in memory only.</value>
    public string? Directory { get; set; }

    /// <summary>
    /// Gets or sets whether each write is flushed to the disk itself, surviving a power loss or an operating system crash;
    /// otherwise it is flushed to the operating system, which survives a crash of the process.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool FlushToDisk { get; set; }

    /// <summary>Gets or sets after how many finished events the file is rewritten with only the pending ones.</summary>
    /// <value>Defaults to 10,000.</value>
    public int CompactAfter { get; set; } = 10_000;
}
