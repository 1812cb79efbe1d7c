namespace Alerting.Incidents;

/// <summary>A rule's compiled escalation policy: when each level runs and how often the levels repeat. The rule holds each level's actions.</summary>
internal sealed class EscalationPlan(EscalationPlan.Level[] levels, int repeat)
{
    public IReadOnlyList<Level> Levels { get; } = levels;

    /// <summary>How many more times the levels run after the last one.</summary>
    public int Repeat { get; } = repeat;

    /// <summary>The step after level <paramref name="level"/> of round <paramref name="round"/>, if any.</summary>
    public (int Level, int Round)? Next(int level, int round) =>
        level + 1 < Levels.Count ? (level + 1, round) : round < Repeat ? (0, round + 1) : null;

    /// <summary>One level: how long after the previous one it fires.</summary>
    internal sealed record Level(TimeSpan Delay);
}
