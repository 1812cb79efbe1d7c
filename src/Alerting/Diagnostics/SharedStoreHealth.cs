namespace Alerting.Diagnostics;

/// <summary>The shared store in an <see cref="AlertingHealthSnapshot"/>, as its <see cref="ISharedStoreStatus"/> said when the snapshot was taken.</summary>
public sealed class SharedStoreHealth
{
    /// <summary>Gets the store's kind, such as <c>redis</c>.</summary>
    public required string StoreName { get; init; }

    /// <summary>Gets whether the last call to the store was answered.</summary>
    public bool IsReachable { get; init; }

    /// <summary>Gets when the current outage began; <see langword="null"/> while the store answers.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    /// <summary>Gets how many decisions this instance made alone because the store could not be reached, since it started.</summary>
    public long LocalDecisions { get; init; }
}
