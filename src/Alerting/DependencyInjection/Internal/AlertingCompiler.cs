using System.Collections.Frozen;
using Alerting.Dispatch;
using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Notifiers;
using Alerting.Rules;
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

    /// <summary>
    /// Compiles a changed configuration afresh, for the reloader: the result is the caller's (with its notifiers), or,
    /// when the change has problems, none, and the notifiers it created are disposed at once.
    /// </summary>
    public async ValueTask<(CompiledAlerting? Compiled, IReadOnlyList<string> Problems)> CompileChangeAsync(AlertingOptions options)
    {
        var errors = new List<string>();
        var compiled = Build(options, errors, out var created);
        if (compiled is null)
        {
            foreach (var notifier in created)
            {
                await CompiledAlerting.DisposeAsync(notifier).ConfigureAwait(false);
            }
        }

        return (compiled, errors);
    }

    public ValueTask DisposeAsync()
    {
        CompiledAlerting? compiled;
        lock (_lock)
        {
            compiled = _compiled;
            _compiled = null;
        }

        return compiled?.DisposeNotifiersAsync() ?? ValueTask.CompletedTask;
    }

    private void Compile(AlertingOptions options)
    {
        if (ReferenceEquals(options, _compiledFrom))
        {
            return;
        }

        var errors = new List<string>();
        _compiled = Build(options, errors, out _);
        _compiledFrom = options;
        _errors = errors;
    }

    /// <summary>Validates and compiles every area into one list of problems; the configuration, or none when there are problems.</summary>
    /// <param name="options">The options.</param>
    /// <param name="errors">Where each problem goes.</param>
    /// <param name="created">The notifiers created, for whoever must dispose them when the result is none.</param>
    private CompiledAlerting? Build(AlertingOptions options, List<string> errors, out IReadOnlyList<INotifier> created)
    {
        if (options.UnreadValues.Count > 0)
        {
            // The binder stopped at a value it could not convert: what it did not read would show up as false problems.
            errors.AddRange(options.UnreadValues);
            created = [];
            return null;
        }

        var strict = TemplateCompiler.StrictNames(options.StrictTemplates, options.KnownAttributes, DispatchCompiler.ContextValueNames);
        CheckGlobal(options, errors);
        RetiredSettings.Check(services.GetServices<AlertingConfigurationSource>(), errors);
        var intervals = TimeIntervalCatalog.Compile(options.TimeIntervals, errors);
        var channels = CompileChannels(options, intervals, strict, errors);
        var callbacks = new List<DeliveryChannel>();
        var rules = CompileRules(options, intervals, channels, callbacks, strict, errors);
        IncidentCompiler.CheckEscalationPolicies(options.EscalationPolicies, options.Channels.Keys, errors);
        MonitorDefinitions.Compile(options.Jobs, options.Services, errors);
        var silences = options.Silences.Select(p => RuleCompiler.CompileSilence(p.Key, p.Value, intervals, errors)).OfType<Silence>().ToList();
        var index = new RuleIndex(rules);
        InhibitionSettings.CheckKeys(services.GetServices<AlertingConfigurationSource>(), errors);
        var inhibitions = InhibitionCompiler.Compile(options.Inhibitions, index, errors);
        created = [.. channels.Values.Select(c => c.Notifier)];
        return errors.Count == 0
            ? new CompiledAlerting(index, channels.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), [.. channels.Values, .. callbacks], silences, intervals) { Inhibitions = inhibitions }
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

        DispatchCompiler.CheckOutbox(options.Outbox, errors);

        if (!Enum.IsDefined(options.QueueFullMode))
        {
            errors.Add($"Alerting: QueueFullMode '{options.QueueFullMode}' is not one of Wait, DropOldest, Reject.");
        }
    }

    private Dictionary<string, DeliveryChannel> CompileChannels(AlertingOptions options, TimeIntervalCatalog intervals, HashSet<string>? strict, List<string> errors)
    {
        var channels = new Dictionary<string, DeliveryChannel>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, channel) in options.Channels)
        {
            var where = $"Channel '{name}'";
            var before = errors.Count;
            DispatchCompiler.CheckChannel(where, channel, errors);
            var templates = TemplateCompiler.Compile(where, channel, strict, errors);
            var windows = intervals.Windows(where, channel.MuteTimeIntervals, null, errors);
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
                channels.Add(name, new DeliveryChannel(name, channel, notifier, templates, (TimeProvider?)services.GetService(typeof(TimeProvider)), (IRateLimitStore?)services.GetService(typeof(IRateLimitStore))) { Windows = windows });
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

    private static List<CompiledRule> CompileRules(
        AlertingOptions options,
        TimeIntervalCatalog intervals,
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
            var compiled = RuleCompiler.CompileConditions(where, name, order++, rule, errors);
            compiled.Windows = intervals.Windows(where, rule.MuteTimeIntervals, rule.ActiveTimeIntervals, errors);
            if (rule.Actions.Count == 0)
            {
                errors.Add($"{where}: Actions is empty; add at least one action (a channel to notify or a callback).");
            }

            var actions = new List<CompiledAction>();
            for (var i = 0; i < rule.Actions.Count; i++)
            {
                var action = DispatchCompiler.CompileAction($"{where} Actions[{i}]", compiled, rule.Actions[i], options.Channels.Keys, channels, callbacks, strict, errors);
                var windows = intervals.Windows($"{where} Actions[{i}]", rule.Actions[i].MuteTimeIntervals, rule.Actions[i].ActiveTimeIntervals, errors);
                if (action is not null)
                {
                    action.Windows = windows;
                    actions.Add(action);
                }
            }

            compiled.Actions = [.. actions];
            if (compiled.Incidents is { } incidents && rule.Incidents.EscalationPolicy is { } policyName &&
                IncidentCompiler.CompileEscalation(where, policyName, options.EscalationPolicies, errors) is { } escalation)
            {
                incidents.Escalation = escalation.Plan;
                DispatchCompiler.EscalationActions(compiled, escalation.Policy, channels);
            }

            if (rule.Enabled && errors.Count == before)
            {
                rules.Add(compiled);
            }
        }

        return rules;
    }

    private string KnownTypes() => string.Join(", ", _types.Keys.Order(StringComparer.OrdinalIgnoreCase));
}
