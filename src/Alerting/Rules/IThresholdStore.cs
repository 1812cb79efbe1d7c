namespace Alerting.Rules;

/// <summary>
/// Where a rule's threshold ("only after N matches within a window") counts its matches: in this process by default
/// (<see cref="InMemoryThresholdStore"/>), or in a store shared by several instances of an app (<c>Alerting.Redis</c>),
/// so the matches of every instance count toward one threshold. Each call is one atomic step on the time the caller
/// passes (the event's timestamp), never the store's own clock.
/// </summary>
public interface IThresholdStore
{
    /// <summary>
    /// Records a match of <paramref name="ruleName"/> for <paramref name="key"/> at <paramref name="at"/>: whether it
    /// completes <paramref name="count"/> matches within <paramref name="window"/> (the count then starts again, so each
    /// completed threshold is reported once, to one caller), and how many are in the window.
    /// </summary>
    /// <param name="ruleName">The rule.</param>
    /// <param name="key">What the matches are counted by (the event's dedup key).</param>
    /// <param name="at">When the match happened.</param>
    /// <param name="count">How many matches the threshold needs.</param>
    /// <param name="window">How far back matches count.</param>
    /// <returns>The count.</returns>
    ValueTask<ThresholdCount> RecordMatchAsync(string ruleName, string key, DateTimeOffset at, int count, TimeSpan window);
}

/// <summary>What a match did to its threshold.</summary>
/// <param name="Reached">Whether it completed the threshold (notify).</param>
/// <param name="Seen">How many matches are in the window, this one included.</param>
public readonly record struct ThresholdCount(bool Reached, int Seen);
