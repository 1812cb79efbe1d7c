using Alerting.Rules.Internal;

namespace Alerting.Rules;

/// <summary>
/// Rules indexed by exact event type, so matching an event looks at the rules for its type plus the few rules that
/// match by pattern or any type, in declaration order, instead of scanning every rule.
/// </summary>
internal sealed class RuleIndex
{
    private readonly Dictionary<string, CompiledRule[]> _byType;
    private readonly CompiledRule[] _general;
    private readonly IReadOnlyList<CompiledRule> _all;

    public RuleIndex(IReadOnlyList<CompiledRule> rules)
    {
        Count = rules.Count;
        _all = rules;
        _byType = rules
            .SelectMany(r => r.ExactTypes.Select(t => (Type: t, Rule: r)))
            .GroupBy(p => p.Type, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Rule).Distinct().OrderBy(r => r.Order).ToArray(), StringComparer.OrdinalIgnoreCase);
        _general = [.. rules.Where(r => r.ExactTypes.Count == 0 || r.TypePatterns.Count > 0).OrderBy(r => r.Order)];
    }

    public int Count { get; }

    /// <summary>The rule of that name, or null.</summary>
    public CompiledRule? Find(string name) => _all.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Fills <paramref name="candidates"/> with the rules whose type condition the event meets, in declaration order.</summary>
    public void CollectCandidates(string eventType, List<CompiledRule> candidates)
    {
        candidates.Clear();
        var exact = _byType.TryGetValue(eventType, out var byType) ? byType : [];
        int i = 0, j = 0;
        while (i < exact.Length || j < _general.Length)
        {
            CompiledRule rule;
            if (j >= _general.Length || (i < exact.Length && exact[i].Order < _general[j].Order))
            {
                rule = exact[i++];
            }
            else
            {
                rule = _general[j++];
                if (ReferenceEquals(rule, i < exact.Length ? exact[i] : null))
                {
                    i++;
                }
                else if (!rule.MatchesTypePatterns(eventType))
                {
                    continue;
                }
            }

            candidates.Add(rule);
        }
    }
}
