using System.Collections.Concurrent;

namespace Alerting.Rules;

/// <summary>
/// The default, in-process threshold counts: one counter per rule, each keeping the recent match times per key in a
/// sliding window (swept now and then, so memory follows the active keys). A rule whose count or window changes (a
/// reloaded configuration) starts counting afresh.
/// </summary>
public sealed class InMemoryThresholdStore : IThresholdStore
{
    private readonly ConcurrentDictionary<string, RuleThreshold> _rules = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValueTask<ThresholdCount> RecordMatchAsync(string ruleName, string key, DateTimeOffset at, int count, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(ruleName);
        ArgumentNullException.ThrowIfNull(key);
        var counter = _rules.AddOrUpdate(
            ruleName,
            static (_, settings) => new RuleThreshold(settings.count, settings.window),
            static (_, existing, settings) => existing.Count == settings.count && existing.Window == settings.window ? existing : new RuleThreshold(settings.count, settings.window),
            (count, window));
        lock (counter)
        {
            var reached = counter.Record(key, at, out var seen);
            return new(new ThresholdCount(reached, seen));
        }
    }
}
