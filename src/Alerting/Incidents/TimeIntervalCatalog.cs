using System.Collections.Frozen;

namespace Alerting.Incidents;

/// <summary>
/// The time intervals of one configuration, compiled, by name (ignoring case), and what references them: silences,
/// rules, actions and channels name them, and a name that is not configured is reported where it is used.
/// </summary>
internal sealed class TimeIntervalCatalog
{
    private readonly FrozenDictionary<string, TimeInterval> _intervals;
    private readonly string[] _configured;

    private TimeIntervalCatalog(FrozenDictionary<string, TimeInterval> intervals, string[] configured)
    {
        _intervals = intervals;
        _configured = configured;
    }

    /// <summary>No intervals.</summary>
    public static TimeIntervalCatalog Empty { get; } = new(FrozenDictionary<string, TimeInterval>.Empty, []);

    /// <summary>Compiles every interval, adding what is wrong with each to <paramref name="errors"/>.</summary>
    public static TimeIntervalCatalog Compile(IReadOnlyDictionary<string, TimeIntervalOptions> intervals, List<string> errors)
    {
        var compiled = new Dictionary<string, TimeInterval>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in intervals)
        {
            if (TimeIntervalCompiler.Compile(name, options, errors) is { } interval)
            {
                compiled[name] = interval;
            }
        }

        return new(compiled.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), [.. intervals.Keys.Order(StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>
    /// The intervals <paramref name="names"/> refers to, reporting each empty or unknown name as
    /// <c>{where}: {field}[i] …</c>; one configured but invalid has its own errors already.
    /// </summary>
    public TimeInterval[] Resolve(string where, string field, List<string> names, List<string> errors)
    {
        var resolved = new List<TimeInterval>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i]?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"{where}: {field}[{i}] is empty; remove it or name a time interval.");
            }
            else if (_intervals.TryGetValue(name, out var interval))
            {
                resolved.Add(interval);
            }
            else if (!_configured.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var known = _configured.Length == 0 ? "none are configured" : "known: " + string.Join(", ", _configured);
                errors.Add($"{where}: {field}[{i}] '{name}' is not a configured time interval ({known}).");
            }
        }

        return [.. resolved];
    }

    /// <summary>The mute and active windows of a rule, action or channel; null when it names none.</summary>
    /// <param name="owner">Who has them, as reasons and errors name it (<c>Rule 'x' Actions[1]</c>).</param>
    /// <param name="mute">The names of its mute intervals.</param>
    /// <param name="active">The names of its active intervals.</param>
    /// <param name="errors">Where problems go.</param>
    public TimeWindows? Windows(string owner, List<string> mute, List<string>? active, List<string> errors)
    {
        var muted = Resolve(owner, "MuteTimeIntervals", mute, errors);
        var activeIn = active is null ? [] : Resolve(owner, "ActiveTimeIntervals", active, errors);
        return muted.Length == 0 && activeIn.Length == 0 ? null : new TimeWindows(owner, muted, activeIn);
    }
}
