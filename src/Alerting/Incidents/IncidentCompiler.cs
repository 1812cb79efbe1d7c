namespace Alerting.Incidents;

/// <summary>Compiles the incident gate's configuration (stage 3 of the flow): a rule's incident policy, escalation policies and their plans.</summary>
internal static class IncidentCompiler
{
    /// <summary>Compiles a rule's incident options; null when incidents are off.</summary>
    public static IncidentPolicy? CompilePolicy(string where, string ruleName, IncidentOptions? incidents, List<string> errors)
    {
        if (incidents is null || !incidents.Enabled)
        {
            return null;
        }

        if (incidents.RepeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"{where}: Incidents.RepeatInterval must be positive (was {incidents.RepeatInterval}).");
        }

        if (incidents.GroupWait < TimeSpan.Zero)
        {
            errors.Add($"{where}: Incidents.GroupWait must not be negative (was {incidents.GroupWait}).");
        }

        if (incidents.GroupInterval <= TimeSpan.Zero)
        {
            errors.Add($"{where}: Incidents.GroupInterval must be positive (was {incidents.GroupInterval}).");
        }

        if (incidents.MinResolveDelay < TimeSpan.Zero)
        {
            errors.Add($"{where}: Incidents.MinResolveDelay must not be negative (was {incidents.MinResolveDelay}).");
        }

        var groupBy = OptionChecks.NonEmpty(where, "Incidents.GroupBy", incidents.GroupBy, errors);
        return new IncidentPolicy(ruleName, [.. groupBy], new GroupTiming(incidents.GroupWait, incidents.GroupInterval, incidents.RepeatInterval), incidents.MinResolveDelay);
    }

    /// <summary>
    /// Compiles the escalation policy a rule names: the plan of its levels' delays and repeats, with the policy (whose
    /// level channels become the rule's escalation actions); null when no policy has that name.
    /// </summary>
    public static (EscalationPlan Plan, EscalationPolicyOptions Policy)? CompileEscalation(
        string where,
        string policyName,
        IReadOnlyDictionary<string, EscalationPolicyOptions> policies,
        List<string> errors)
    {
        if (!policies.TryGetValue(policyName, out var policy))
        {
            var known = policies.Count == 0 ? "none are defined" : "known: " + string.Join(", ", policies.Keys.Order(StringComparer.OrdinalIgnoreCase));
            errors.Add($"{where}: Incidents.EscalationPolicy '{policyName}' is not defined ({known}).");
            return null;
        }

        return (new EscalationPlan([.. policy.Levels.Select(level => new EscalationPlan.Level(level.Delay))], policy.Repeat), policy);
    }

    /// <summary>Checks every escalation policy once, whether or not a rule uses it.</summary>
    public static void CheckEscalationPolicies(IReadOnlyDictionary<string, EscalationPolicyOptions> policies, ICollection<string> configuredChannels, List<string> errors)
    {
        foreach (var (name, policy) in policies)
        {
            var where = $"Escalation policy '{name}'";
            if (policy.Levels.Count == 0)
            {
                errors.Add($"{where}: Levels is empty; add at least one level.");
            }

            if (policy.Repeat < 0)
            {
                errors.Add($"{where}: Repeat must not be negative (was {policy.Repeat}).");
            }

            for (var i = 0; i < policy.Levels.Count; i++)
            {
                var level = policy.Levels[i];
                if (level.Delay < TimeSpan.Zero)
                {
                    errors.Add($"{where} Levels[{i}]: Delay must not be negative (was {level.Delay}).");
                }

                if (level.Channels.Count == 0)
                {
                    errors.Add($"{where} Levels[{i}]: Channels is empty; name at least one channel.");
                }

                foreach (var channel in level.Channels)
                {
                    OptionChecks.UnknownChannel($"{where} Levels[{i}]", channel, configuredChannels, errors);
                }
            }
        }
    }
}
