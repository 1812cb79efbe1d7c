using Alerting.Rules;

namespace Alerting.Incidents;

/// <summary>Compiles and checks the inhibitions, naming each problem with the inhibition and its field.</summary>
internal static class InhibitionCompiler
{
    private static readonly string[] s_perEventFields = ["id", "timestamp", "message", "url", "dedup_key", "dedupkey", "status"];

    /// <summary>Compiles the enabled inhibitions; <paramref name="rules"/> (the compiled rules) tells whether any rule opens the incidents that inhibit.</summary>
    public static InhibitionSet Compile(IReadOnlyDictionary<string, InhibitionOptions> inhibitions, RuleIndex rules, List<string> errors)
    {
        var compiled = new List<Inhibition>();
        foreach (var (name, options) in inhibitions)
        {
            if (Compile(name, options, rules, errors) is { } inhibition && options.Enabled)
            {
                compiled.Add(inhibition);
            }
        }

        return compiled.Count == 0 ? InhibitionSet.None : new InhibitionSet(compiled);
    }

    private static Inhibition? Compile(string name, InhibitionOptions options, RuleIndex rules, List<string> errors)
    {
        var where = $"Inhibition '{name}'";
        var before = errors.Count;
        var source = RuleCompiler.CompileConditions($"{where} SourceMatchers", name, 0, options.SourceMatchers.AsRuleConditions(), errors);
        var target = RuleCompiler.CompileConditions($"{where} TargetMatchers", name, 0, options.TargetMatchers.AsRuleConditions(), errors);
        if (source.ExactTypes.Count == 0 && source.TypePatterns.Count == 0)
        {
            errors.Add($"{where}: SourceMatchers.EventTypes is empty; name the event types of the inhibiting incidents (open incidents are looked up by type).");
        }

        foreach (var pattern in source.TypePatterns)
        {
            errors.Add($"{where}: SourceMatchers.EventTypes '{pattern.Pattern}' is a pattern; name exact types (open incidents are looked up by type).");
        }

        var targets = options.TargetMatchers;
        if (targets.EventTypes.Count == 0 && targets.Sources.Count == 0 && targets.MinimumSeverity is null && targets.Environments.Count == 0 && targets.Attributes.Count == 0)
        {
            errors.Add($"{where}: TargetMatchers is empty; it would hold back every event. Give at least one condition.");
        }

        var equal = CompileEqual(where, options.Equal, errors);
        if (errors.Count == before)
        {
            CheckCanMatch(where, options, equal, errors);
            if (options.Enabled)
            {
                CheckSourceOpensIncidents(where, source.ExactTypes, rules, errors);
            }
        }

        return errors.Count == before ? new Inhibition(name, source, target, source.ExactTypes, equal) : null;
    }

    private static EqualName[] CompileEqual(string where, List<string> names, List<string> errors)
    {
        var equal = new List<EqualName>();
        for (var i = 0; i < names.Count; i++)
        {
            var text = names[i]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                errors.Add($"{where}: Equal[{i}] is empty; remove it or name a field or an attribute.");
                continue;
            }

            EqualName name;
            if (text.StartsWith("attributes.", StringComparison.OrdinalIgnoreCase))
            {
                name = new(text["attributes.".Length..], EqualField.Attribute);
                if (name.Name.Length == 0)
                {
                    errors.Add($"{where}: Equal[{i}] 'attributes.' names no attribute.");
                    continue;
                }
            }
            else if (s_perEventFields.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{where}: Equal[{i}] '{text}' is an event field that differs from event to event; name source, type, environment, severity or an attribute.");
                continue;
            }
            else
            {
                name = text.ToUpperInvariant() switch
                {
                    "SOURCE" => new(text, EqualField.Source),
                    "TYPE" => new(text, EqualField.Type),
                    "ENVIRONMENT" => new(text, EqualField.Environment),
                    "SEVERITY" => new(text, EqualField.Severity),
                    _ => new(text, EqualField.Attribute),
                };
            }

            var earlier = equal.FindIndex(e => e.Field == name.Field && string.Equals(e.Name, name.Name, name.Field == EqualField.Attribute ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));
            if (earlier >= 0)
            {
                errors.Add($"{where}: Equal[{i}] '{text}' repeats Equal[{earlier}].");
                continue;
            }

            equal.Add(name);
        }

        return [.. equal];
    }

    /// <summary>Reports an equal name that source and target can never share, given exact values on both sides.</summary>
    private static void CheckCanMatch(string where, InhibitionOptions options, EqualName[] equal, List<string> errors)
    {
        var (source, target) = (options.SourceMatchers, options.TargetMatchers);
        foreach (var name in equal)
        {
            var (field, left, right, comparer) = name.Field switch
            {
                EqualField.Type => ("EventTypes", source.EventTypes, target.EventTypes, StringComparer.OrdinalIgnoreCase),
                EqualField.Source => ("Sources", source.Sources, target.Sources, StringComparer.OrdinalIgnoreCase),
                EqualField.Environment => ("Environments", source.Environments, target.Environments, StringComparer.OrdinalIgnoreCase),
                EqualField.Attribute => ($"Attributes '{name.Name}'", RequiredValues(source, name.Name), RequiredValues(target, name.Name), StringComparer.Ordinal),
                _ => (string.Empty, [], [], StringComparer.Ordinal),
            };
            if (left.Count > 0 && right.Count > 0 && !left.Concat(right).Any(v => v.Contains('*', StringComparison.Ordinal)) &&
                !left.Intersect(right, comparer).Any())
            {
                errors.Add($"{where}: Equal names '{name.Name}', but SourceMatchers.{field} ({string.Join(", ", left)}) and TargetMatchers.{field} ({string.Join(", ", right)}) share no value, so no source can ever inhibit a target.");
            }
        }
    }

    /// <summary>The values an attribute condition requires exactly (not negated, no pattern), as a one-item list; empty when none does.</summary>
    private static List<string> RequiredValues(EventMatcherOptions matcher, string attribute) =>
        [.. matcher.Attributes.Where(a => a.Name == attribute && a.Value is not null && a.Pattern is null && !a.Negate).Select(a => a.Value!).Take(1)];

    private static void CheckSourceOpensIncidents(string where, IReadOnlyList<string> sourceTypes, RuleIndex rules, List<string> errors)
    {
        var candidates = new List<CompiledRule>();
        foreach (var type in sourceTypes)
        {
            rules.CollectCandidates(type, candidates);
            if (!candidates.Any(r => r.Incidents is not null && r.Status is null or AlertStatus.Firing))
            {
                errors.Add($"{where}: no enabled rule with incidents takes SourceMatchers.EventTypes '{type}', so no incident of it can open and inhibit; add a rule for it.");
            }
        }
    }
}
