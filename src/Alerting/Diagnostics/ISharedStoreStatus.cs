namespace Alerting.Diagnostics;

/// <summary>
/// Whether the store that the instances of an app share (incidents, thresholds, silences, history) can be reached right
/// now. A shared store registers one as a singleton (<c>Alerting.Redis</c>'s <c>UseRedis</c> does), and
/// <see cref="IAlertingHealth"/> reports it; with none, state is kept in process and there is nothing to reach.
/// </summary>
public interface ISharedStoreStatus
{
    /// <summary>Gets a short lowercase name of the store's kind, such as <c>redis</c>.</summary>
    string StoreName { get; }

    /// <summary>Gets whether the last call to the store was answered.</summary>
    bool IsReachable { get; }

    /// <summary>Gets when the current outage began; <see langword="null"/> while the store answers.</summary>
    DateTimeOffset? UnreachableSince { get; }

    /// <summary>Gets how many decisions this instance made alone (failing open) because the store could not be reached, since it started.</summary>
    long LocalDecisions { get; }
}
