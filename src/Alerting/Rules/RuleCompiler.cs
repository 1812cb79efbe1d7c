using System.Text.RegularExpressions;
using Alerting.Incidents;
using Alerting.Rules.Internal;

namespace Alerting.Rules;

/// <summary>Compiles what decides a route (stage 2 of the flow): a rule's conditions, threshold and incident policy, and silences, matched the same way.</summary>
internal static class RuleCompiler
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Compiles a rule's match conditions, threshold and incident policy; the orchestrator adds its actions.</summary>
    public static CompiledRule CompileConditions(string where, string name, int order, AlertRuleOptions rule, List<string> errors)
    {
        var types = OptionChecks.NonEmpty(where, "EventTypes", rule.EventTypes, errors);
        var sources = OptionChecks.NonEmpty(where, "Sources", rule.Sources, errors);
        var environments = OptionChecks.NonEmpty(where, "Environments", rule.Environments, errors);
        var conditions = new List<CompiledAttributeCondition>();
        for (var i = 0; i < rule.Attributes.Count; i++)
        {
            var condition = rule.Attributes[i];
            var at = $"{where}: Attributes[{i}]";
            if (string.IsNullOrWhiteSpace(condition.Name))
            {
                errors.Add($"{at}.Name is required.");
                continue;
            }

            Regex? regex = null;
            if (condition.Pattern is not null)
            {
                try
                {
                    regex = new Regex(condition.Pattern, RegexOptions.CultureInvariant, s_regexTimeout);
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"{at}.Pattern '{condition.Pattern}' is not a valid regular expression: {ex.Message}");
                    continue;
                }
            }

            conditions.Add(new CompiledAttributeCondition(condition.Name, condition.Value, regex, condition.Negate));
        }

        ThresholdSettings? threshold = null;
        if (rule.Threshold is { } t)
        {
            if (t.Count < 1)
            {
                errors.Add($"{where}: Threshold.Count must be at least 1 (was {t.Count}).");
            }
            else if (t.Window <= TimeSpan.Zero)
            {
                errors.Add($"{where}: Threshold.Window must be positive (was {t.Window}).");
            }
            else if (t.Count > 1)
            {
                threshold = new ThresholdSettings(t.Count, t.Window);
            }
        }

        var incidents = IncidentCompiler.CompilePolicy(where, name, rule.Incidents, errors);
        if (rule.MinimumSeverity is { } severity && !Enum.IsDefined(severity))
        {
            errors.Add($"{where}: MinimumSeverity '{severity}' is not one of Info, Warning, Error, Critical.");
        }

        var patterns = types.Select(t => new GlobPattern(t)).ToList();
        return new CompiledRule
        {
            Name = name,
            Order = order,
            ExactTypes = [.. patterns.Where(p => !p.HasWildcard).Select(p => p.Pattern)],
            TypePatterns = [.. patterns.Where(p => p.HasWildcard)],
            Sources = [.. sources.Select(s => new GlobPattern(s))],
            MinimumSeverity = rule.MinimumSeverity,
            Environments = environments.Count == 0 ? null : new HashSet<string>(environments, StringComparer.OrdinalIgnoreCase),
            Status = rule.Status,
            Attributes = [.. conditions],
            Predicate = rule.Predicate,
            Threshold = threshold,
            Incidents = incidents,
        };
    }

    /// <summary>Compiles a silence, adding what is wrong with it to <paramref name="errors"/>; null when something is.</summary>
    public static Silence? CompileSilence(string name, SilenceOptions silence, TimeIntervalCatalog intervals, List<string> errors)
    {
        var where = $"Silence '{name}'";
        var before = errors.Count;
        var conditions = new AlertRuleOptions
        {
            EventTypes = silence.EventTypes,
            Sources = silence.Sources,
            Environments = silence.Environments,
            Attributes = silence.Attributes,
        };
        var matcher = CompileConditions(where, name, 0, conditions, errors);
        var recurring = intervals.Resolve(where, "TimeIntervals", silence.TimeIntervals, errors);
        if (silence.EndsAt is not { } endsAt)
        {
            if (silence.TimeIntervals.Count == 0)
            {
                errors.Add($"{where}: EndsAt is required; a silence without an end would hide problems forever.");
                return null;
            }
        }
        else if (silence.StartsAt is { } startsAt && startsAt >= endsAt)
        {
            errors.Add($"{where}: StartsAt must be before EndsAt (were {startsAt:u} and {endsAt:u}).");
        }

        return errors.Count == before ? new Silence(name, e => matcher.MatchesType(e.Type) && matcher.MatchesFields(e), silence.StartsAt, silence.EndsAt, silence.Comment, recurring) : null;
    }
}
