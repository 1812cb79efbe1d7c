using System.Collections.Frozen;
using Alerting.Dispatch.Internal;
using Alerting.Incidents;
using Alerting.Rules;
using Alerting.Templates;

namespace Alerting.Dispatch;

/// <summary>Compiles what dispatch runs (stages 4 to 6 of the flow): channel settings, rule actions with their targets and templates, escalation actions, the outbox.</summary>
internal static class DispatchCompiler
{
    private const string TestRuleName = "(test)";

    /// <summary>
    /// The context values templates see besides the event: <c>rule</c> and <c>channel</c> always; the incident's values
    /// when the rule tracks incidents; the group's values and, in an alert's line, <c>alert_state</c>, when it groups.
    /// </summary>
    public static readonly string[] ContextValueNames =
    [
        "rule", "channel", "incident_id", "occurrences", "first_seen", "escalation_level",
        .. GroupValues.Names,
    ];

    /// <summary>Checks the outbox settings.</summary>
    public static void CheckOutbox(OutboxOptions outbox, List<string> errors) => FileOutbox.Check(outbox, errors);

    /// <summary>Checks a channel's delivery settings: concurrency, queue, timeout, retry, rate limit and environments.</summary>
    public static void CheckChannel(string where, ChannelOptions channel, List<string> errors)
    {
        if (channel.MaxConcurrency < 1)
        {
            errors.Add($"{where}: MaxConcurrency must be at least 1 (was {channel.MaxConcurrency}).");
        }

        if (channel.QueueCapacity < 1)
        {
            errors.Add($"{where}: QueueCapacity must be at least 1 (was {channel.QueueCapacity}).");
        }

        if (channel.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{where}: Timeout must be positive (was {channel.Timeout}).");
        }

        if (channel.Retry.MaxAttempts < 1)
        {
            errors.Add($"{where}: Retry.MaxAttempts must be at least 1 (was {channel.Retry.MaxAttempts}).");
        }

        if (channel.Retry.BaseDelay < TimeSpan.Zero || channel.Retry.MaxDelay < channel.Retry.BaseDelay)
        {
            errors.Add($"{where}: Retry delays must satisfy 0 <= BaseDelay <= MaxDelay (were {channel.Retry.BaseDelay} and {channel.Retry.MaxDelay}).");
        }

        if (channel.RateLimit.PermitLimit < 0 || channel.RateLimit.Period <= TimeSpan.Zero)
        {
            errors.Add($"{where}: RateLimit needs PermitLimit >= 0 and a positive Period (were {channel.RateLimit.PermitLimit} and {channel.RateLimit.Period?.ToString() ?? "the default"}).");
        }

        for (var i = 0; i < channel.Environments.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(channel.Environments[i]))
            {
                errors.Add($"{where}: Environments[{i}] is empty.");
            }
        }
    }

    /// <summary>Compiles one rule action: a channel with its template overrides, or a host callback with a queue of its own.</summary>
    public static CompiledAction? CompileAction(
        string where,
        CompiledRule rule,
        RuleActionOptions action,
        ICollection<string> configuredChannels,
        Dictionary<string, DeliveryChannel> channels,
        List<DeliveryChannel> callbacks,
        HashSet<string>? strict,
        List<string> errors)
    {
        var templates = TemplateCompiler.Compile(where, action, strict, errors);
        if (action.Severity is { } severity && !Enum.IsDefined(severity))
        {
            errors.Add($"{where}: Severity '{severity}' is not one of Info, Warning, Error, Critical.");
        }

        DeliveryChannel target;
        if (action.Callback is { } callback)
        {
            if (action.Channel is not null)
            {
                errors.Add($"{where}: set either Channel or Callback, not both.");
                return null;
            }

            target = new DeliveryChannel(CallbackNotifier.ChannelName, new ChannelOptions { MaxConcurrency = 1, Retry = { MaxAttempts = 1 } }, new CallbackNotifier(callback), TemplateSet.Empty);
            callbacks.Add(target);
        }
        else if (string.IsNullOrWhiteSpace(action.Channel))
        {
            errors.Add($"{where}: Channel is required.");
            return null;
        }
        else if (!channels.TryGetValue(action.Channel, out target!))
        {
            OptionChecks.UnknownChannel(where, action.Channel, configuredChannels, errors);
            return null;
        }

        return new CompiledAction
        {
            Rule = rule,
            Target = target,
            Severity = action.Severity,
            Templates = templates.Over(target.Templates),
            Values = ContextValues(rule.Name, target.Name),
            SendsResolved = action.SendResolved ?? (target.Options.SendResolved && target.Capabilities.ReceivesResolved),
        };
    }

    /// <summary>Sets <paramref name="rule"/>'s escalation actions: per level of <paramref name="policy"/>, one per channel that compiled.</summary>
    public static void EscalationActions(CompiledRule rule, EscalationPolicyOptions policy, IReadOnlyDictionary<string, DeliveryChannel> channels) =>
        rule.EscalationActions = [.. policy.Levels.Select(level => level.Channels
            .Select(name => channels.GetValueOrDefault(name))
            .OfType<DeliveryChannel>()
            .Select(channel => ChannelAction(rule, channel))
            .ToArray())];

    /// <summary>An action that notifies a channel with the channel's own templates, on behalf of <paramref name="rule"/>.</summary>
    private static CompiledAction ChannelAction(CompiledRule rule, DeliveryChannel channel) => new()
    {
        Rule = rule,
        Target = channel,
        Severity = null,
        Templates = channel.Templates,
        Values = ContextValues(rule.Name, channel.Name),
    };

    /// <summary>An action that sends a channel a test notification, as if a rule named <c>(test)</c> with no conditions matched.</summary>
    public static CompiledAction TestAction(DeliveryChannel channel) => ChannelAction(
        new CompiledRule
        {
            Name = TestRuleName,
            Order = -1,
            ExactTypes = [],
            TypePatterns = [],
            Sources = [],
            MinimumSeverity = null,
            Environments = null,
            Status = null,
            Attributes = [],
            Predicate = null,
            Threshold = null,
        },
        channel);

    private static FrozenDictionary<string, object?> ContextValues(string rule, string channel) =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { ["rule"] = rule, ["channel"] = channel }.ToFrozenDictionary(StringComparer.Ordinal);
}
