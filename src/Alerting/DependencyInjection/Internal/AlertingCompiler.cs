using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Alerting.Dispatch.Internal;
using Alerting.Dispatch;
using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Notifiers;
using Alerting.Rules;
using Alerting.Rules.Internal;
using Alerting.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Validates the options and turns them into their run-time form in one pass, gathering every problem (naming the
/// channel or rule, the field and the template position) instead of stopping at the first. The result is cached per
/// options instance, so start-up validation and dispatch share one set of notifiers, which it disposes with itself
/// (after the dispatcher, which the container created later and so disposes first).
/// </summary>
internal sealed class AlertingCompiler(IServiceProvider services, IEnumerable<NotifierRegistration> registrations) : IAsyncDisposable
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);
    private const string TestRuleName = "(test)";
    private static readonly string[] s_contextValues = ["rule", "channel"];

    private readonly Dictionary<string, NotifierRegistration> _types = registrations
        .GroupBy(r => r.TypeName, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    private readonly object _lock = new();
    private AlertingOptions? _compiledFrom;
    private CompiledAlerting? _compiled;
    private IReadOnlyList<string> _errors = [];

    /// <summary>The registered notifier type names.</summary>
    public IReadOnlyCollection<string> TypeNames => _types.Keys;

    public IReadOnlyList<string> Validate(AlertingOptions options)
    {
        lock (_lock)
        {
            Compile(options);
            return _errors;
        }
    }

    public CompiledAlerting GetOrCompile(AlertingOptions options)
    {
        lock (_lock)
        {
            Compile(options);
            return _compiled ?? throw new AlertingConfigurationException(_errors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        CompiledAlerting? compiled;
        lock (_lock)
        {
            compiled = _compiled;
            _compiled = null;
        }

        foreach (var notifier in compiled?.Targets.Select(t => t.Notifier).Distinct() ?? [])
        {
            switch (notifier)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private void Compile(AlertingOptions options)
    {
        if (ReferenceEquals(options, _compiledFrom))
        {
            return;
        }

        var errors = new List<string>();
        var strict = options.StrictTemplates
            ? new HashSet<string>(options.KnownAttributes.Concat(s_contextValues), StringComparer.Ordinal)
            : null;
        CheckGlobal(options, errors);
        RetiredSettings.Check(services.GetServices<AlertingConfigurationSource>(), errors);
        var channels = CompileChannels(options, strict, errors);
        var callbacks = new List<DeliveryChannel>();
        var rules = CompileRules(options, channels, callbacks, strict, errors);
        CheckEscalationPolicies(options, errors);
        MonitorDefinitions.Compile(options, errors);
        var silences = options.Silences.Select(p => CompileSilence(p.Key, p.Value, errors)).OfType<Silence>().ToList();

        _compiledFrom = options;
        _errors = errors;
        _compiled = errors.Count == 0
            ? new CompiledAlerting(new RuleIndex(rules), channels.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), [.. channels.Values, .. callbacks], silences)
            : null;
    }

    private static void CheckGlobal(AlertingOptions options, List<string> errors)
    {
        if (options.QueueCapacity < 1)
        {
            errors.Add($"Alerting: QueueCapacity must be at least 1 (was {options.QueueCapacity}).");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            errors.Add($"Alerting: DrainTimeout must not be negative (was {options.DrainTimeout}).");
        }

        if (options.HistoryCapacity < 1)
        {
            errors.Add($"Alerting: HistoryCapacity must be at least 1 (was {options.HistoryCapacity}).");
        }

        FileOutbox.Check(options.Outbox, errors);

        if (!Enum.IsDefined(options.QueueFullMode))
        {
            errors.Add($"Alerting: QueueFullMode '{options.QueueFullMode}' is not one of Wait, DropOldest, Reject.");
        }
    }

    private Dictionary<string, DeliveryChannel> CompileChannels(AlertingOptions options, HashSet<string>? strict, List<string> errors)
    {
        var channels = new Dictionary<string, DeliveryChannel>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, channel) in options.Channels)
        {
            var where = $"Channel '{name}'";
            var before = errors.Count;
            CheckDelivery(where, channel, errors);
            var templates = CompileTemplates(where, channel, strict, errors);
            if (string.IsNullOrWhiteSpace(channel.Type))
            {
                errors.Add($"{where}: Type is required (one of: {KnownTypes()}).");
                continue;
            }

            if (!_types.TryGetValue(channel.Type, out var registration))
            {
                errors.Add($"{where}: Type '{channel.Type}' is not a registered notifier type (known: {KnownTypes()}). Register custom types with AddNotifier or AddNotifierType.");
                continue;
            }

            try
            {
                registration.Validate(services, name);
            }
            catch (OptionsValidationException ex)
            {
                errors.AddRange(ex.Failures.Select(f => $"{where}: {f}"));
            }

            if (errors.Count == before && Create(where, registration, name, errors) is { } notifier)
            {
                channels.Add(name, new DeliveryChannel(name, channel, notifier, templates, (TimeProvider?)services.GetService(typeof(TimeProvider))));
            }
        }

        return channels;
    }

    private INotifier? Create(string where, NotifierRegistration registration, string channelName, List<string> errors)
    {
        try
        {
            return registration.Create(services, channelName);
        }
        catch (InvalidOperationException ex)
        {
            // The container could not build the notifier, typically a constructor dependency nobody registered.
            // Its message names types only; any other exception is the notifier's own and may carry a secret.
            errors.Add($"{where}: the {registration.NotifierType.Name} could not be created: {ex.Message}");
        }
#pragma warning disable CA1031 // A third-party notifier's constructor may throw anything; it is reported with the rest.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors.Add($"{where}: the {registration.NotifierType.Name} constructor threw {ex.GetType().Name}.");
        }

        return null;
    }

    private static void CheckDelivery(string where, ChannelOptions channel, List<string> errors)
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

    private static List<CompiledRule> CompileRules(
        AlertingOptions options,
        Dictionary<string, DeliveryChannel> channels,
        List<DeliveryChannel> callbacks,
        HashSet<string>? strict,
        List<string> errors)
    {
        var rules = new List<CompiledRule>();
        var order = 0;
        foreach (var (name, rule) in options.Rules)
        {
            var where = $"Rule '{name}'";
            var before = errors.Count;
            var compiled = CompileConditions(where, name, order++, rule, errors);
            if (rule.Actions.Count == 0)
            {
                errors.Add($"{where}: Actions is empty; add at least one action (a channel to notify or a callback).");
            }

            var actions = new List<CompiledAction>();
            for (var i = 0; i < rule.Actions.Count; i++)
            {
                var action = CompileAction($"{where} Actions[{i}]", compiled, rule.Actions[i], options, channels, callbacks, strict, errors);
                if (action is not null)
                {
                    actions.Add(action);
                }
            }

            compiled.Actions = [.. actions];
            if (compiled.Incidents is { } incidents && rule.Incidents.EscalationPolicy is { } policyName)
            {
                incidents.Escalation = CompileEscalation(where, compiled, policyName, options, channels, errors);
            }

            if (rule.Enabled && errors.Count == before)
            {
                rules.Add(compiled);
            }
        }

        return rules;
    }

    private static CompiledRule CompileConditions(string where, string name, int order, AlertRuleOptions rule, List<string> errors)
    {
        var types = NonEmpty(where, "EventTypes", rule.EventTypes, errors);
        var sources = NonEmpty(where, "Sources", rule.Sources, errors);
        var environments = NonEmpty(where, "Environments", rule.Environments, errors);
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

        RuleThreshold? threshold = null;
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
                threshold = new RuleThreshold(t.Count, t.Window);
            }
        }

        var incidents = CompileIncidents(where, rule.Incidents, errors);
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

    private static EscalationPlan? CompileEscalation(
        string where,
        CompiledRule rule,
        string policyName,
        AlertingOptions options,
        Dictionary<string, DeliveryChannel> channels,
        List<string> errors)
    {
        if (!options.EscalationPolicies.TryGetValue(policyName, out var policy))
        {
            var known = options.EscalationPolicies.Count == 0 ? "none are defined" : "known: " + string.Join(", ", options.EscalationPolicies.Keys.Order(StringComparer.OrdinalIgnoreCase));
            errors.Add($"{where}: Incidents.EscalationPolicy '{policyName}' is not defined ({known}).");
            return null;
        }

        var levels = new List<EscalationPlan.Level>();
        var levelActions = new List<CompiledAction[]>();
        foreach (var level in policy.Levels)
        {
            var actions = level.Channels
                .Select(name => channels.GetValueOrDefault(name))
                .OfType<DeliveryChannel>()
                .Select(channel => ChannelAction(rule, channel));
            levels.Add(new EscalationPlan.Level(level.Delay));
            levelActions.Add([.. actions]);
        }

        rule.EscalationActions = [.. levelActions];
        return new EscalationPlan([.. levels], policy.Repeat);
    }

    /// <summary>Checks every escalation policy once, whether or not a rule uses it.</summary>
    private static void CheckEscalationPolicies(AlertingOptions options, List<string> errors)
    {
        foreach (var (name, policy) in options.EscalationPolicies)
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
                    ReportUnknownChannel($"{where} Levels[{i}]", channel, options, errors);
                }
            }
        }
    }

    /// <summary>Compiles a silence, adding what is wrong with it to <paramref name="errors"/>; null when something is.</summary>
    public static Silence? CompileSilence(string name, SilenceOptions silence, List<string> errors)
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
        if (silence.EndsAt is not { } endsAt)
        {
            errors.Add($"{where}: EndsAt is required; a silence without an end would hide problems forever.");
            return null;
        }

        if (silence.StartsAt is { } startsAt && startsAt >= endsAt)
        {
            errors.Add($"{where}: StartsAt must be before EndsAt (were {startsAt:u} and {endsAt:u}).");
        }

        return errors.Count == before ? new Silence(name, e => matcher.MatchesType(e.Type) && matcher.MatchesFields(e), silence.StartsAt, endsAt, silence.Comment) : null;
    }

    private static IncidentPolicy? CompileIncidents(string where, IncidentOptions? incidents, List<string> errors)
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

        if (incidents.MinResolveDelay < TimeSpan.Zero)
        {
            errors.Add($"{where}: Incidents.MinResolveDelay must not be negative (was {incidents.MinResolveDelay}).");
        }

        var groupBy = NonEmpty(where, "Incidents.GroupBy", incidents.GroupBy, errors);
        return new IncidentPolicy(incidents.RepeatInterval, [.. groupBy], incidents.GroupWait, incidents.MinResolveDelay);
    }

    private static List<string> NonEmpty(string where, string field, List<string> values, List<string> errors)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                errors.Add($"{where}: {field}[{i}] is empty; remove it or give a name or pattern.");
            }
        }

        return [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())];
    }

    private static CompiledAction? CompileAction(
        string where,
        CompiledRule rule,
        RuleActionOptions action,
        AlertingOptions options,
        Dictionary<string, DeliveryChannel> channels,
        List<DeliveryChannel> callbacks,
        HashSet<string>? strict,
        List<string> errors)
    {
        var templates = CompileTemplates(where, action, strict, errors);
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
            ReportUnknownChannel(where, action.Channel, options, errors);
            return null;
        }

        return new CompiledAction
        {
            Rule = rule,
            Target = target,
            Severity = action.Severity,
            Templates = templates.Over(target.Templates),
            Values = ContextValues(rule.Name, target.Name),
        };
    }

    /// <summary>Reports a channel name that is not configured; one that is configured but failed to compile has its own errors already.</summary>
    private static void ReportUnknownChannel(string where, string channel, AlertingOptions options, List<string> errors)
    {
        if (!options.Channels.ContainsKey(channel))
        {
            var known = options.Channels.Count == 0 ? "none are configured" : "known: " + string.Join(", ", options.Channels.Keys.Order(StringComparer.OrdinalIgnoreCase));
            errors.Add($"{where}: Channel '{channel}' is not configured ({known}).");
        }
    }

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

    private static TemplateSet CompileTemplates(string where, NotificationTemplateOptions options, HashSet<string>? strict, List<string> errors) => new()
    {
        Title = Parse(where, "Title", options.Title, strict, errors),
        Message = Parse(where, "Message", options.Message, strict, errors),
        Subject = Parse(where, "Subject", options.Subject, strict, errors),
        Body = Parse(where, "Body", options.Body, strict, errors),
        Payload = ParseJson(where, options.Payload, strict, errors),
    };

    private static MessageTemplate? Parse(string where, string field, string? text, HashSet<string>? strict, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!MessageTemplate.TryParse(text, out var template, out var error))
        {
            errors.Add($"{where}: {field} template is invalid: {error.Message}");
            return null;
        }

        CheckNames(where, field, template.Placeholders, strict, errors);
        return template;
    }

    private static JsonTemplate? ParseJson(string where, string? text, HashSet<string>? strict, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!JsonTemplate.TryParse(text, out var template, out var error))
        {
            errors.Add($"{where}: Payload template is invalid: {error.Message}");
            return null;
        }

        CheckNames(where, "Payload", template.Placeholders, strict, errors);
        return template;
    }

    private static void CheckNames(string where, string field, IReadOnlyList<TemplatePlaceholder> placeholders, HashSet<string>? strict, List<string> errors)
    {
        if (strict is null)
        {
            return;
        }

        foreach (var p in placeholders)
        {
            if (!p.IsEventField && p.AttributeName is { } attribute && !strict.Contains(attribute))
            {
                errors.Add($"{where}: {field} template names unknown attribute '{attribute}' at line {p.Line}, column {p.Column} (strict templates; add it to KnownAttributes).");
            }
        }
    }

    private string KnownTypes() => string.Join(", ", _types.Keys.Order(StringComparer.OrdinalIgnoreCase));
}
