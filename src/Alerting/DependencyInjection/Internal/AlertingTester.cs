using System.Globalization;
using Alerting.Dispatch;
using Alerting.Incidents;
using Alerting.Rules;
using Alerting.Notifiers;
using Alerting.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Alerting.Diagnostics;

namespace Alerting.DependencyInjection.Internal;

internal sealed class AlertingTester(
    IOptions<AlertingOptions> options,
    AlertingCompiler compiler,
    ConfigurationState state,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null) : IAlertingTester
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting");

    public AlertingConfigurationStatus Configuration => state.Status;

    /// <summary>Before dispatch starts, the configuration's problems; once it runs, those of the last change, which was rejected (none when it was applied).</summary>
    public IReadOnlyList<string> Validate()
    {
        if (state.IsRunning)
        {
            return state.Status.RejectedProblems;
        }

        AlertingOptions value;
        try
        {
            value = options.Value;
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }

        return compiler.Validate(value);
    }

    public AlertEvent CreateSampleEvent(string eventType, string? source = null) => SampleEvents.Create(eventType, source, time.GetUtcNow());

    public string RenderTemplate(string templateText, AlertEvent alertEvent, TemplateEscaping escaping = TemplateEscaping.None)
    {
        ArgumentNullException.ThrowIfNull(templateText);
        ArgumentNullException.ThrowIfNull(alertEvent);
        return MessageTemplate.Parse(templateText).Render(alertEvent, escaping, formatProvider: CultureInfo.InvariantCulture);
    }

    public Notification Preview(string ruleName, AlertEvent? alertEvent = null, int actionIndex = 0)
    {
        var (rule, action) = FindAction(ruleName, actionIndex);
        alertEvent ??= CreateSampleEvent(rule.ExactTypes.Count > 0 ? rule.ExactTypes[0] : "custom.sample");
        var kind = alertEvent.Status == AlertStatus.Resolved ? NotificationKind.Resolve : NotificationKind.Trigger;
        return NotificationRenderer.Render(alertEvent, kind, (DeliveryChannel)action.Target, action.Templates, rule.Name, action.Severity, action.Values, _logger);
    }

    public async ValueTask<IReadOnlyList<Notification>> PreviewGroupsAsync(string ruleName, IReadOnlyList<AlertEvent> events, int actionIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (rule, action) = FindAction(ruleName, actionIndex);
        var channel = (DeliveryChannel)action.Target;
        var policy = rule.Incidents;
        var notifications = new List<Notification>();
        if (policy is not { IsGrouped: true })
        {
            // One notification per incident the events open (each event, when the rule tracks none).
            var store = new InMemoryIncidentStore();
            var now = time.GetUtcNow();
            foreach (var e in events.Where(e => e.Status == AlertStatus.Firing && rule.MatchesType(e.Type) && rule.MatchesFields(e)))
            {
                if (policy is null || (await store.RecordFiringAsync(rule.Name, policy.Key(e), e, now, policy.RepeatInterval).ConfigureAwait(false)).Opened)
                {
                    notifications.Add(NotificationRenderer.Render(e, NotificationKind.Trigger, channel, action.Templates, rule.Name, action.Severity, action.Values, _logger));
                }
            }

            return notifications;
        }

        // The groups as the gate would build them (the in-process store decides), each as its first notification shows it.
        var groups = new InMemoryIncidentStore();
        var at = time.GetUtcNow();
        var opened = new List<string>();
        foreach (var e in events.Where(e => rule.MatchesType(e.Type) && rule.MatchesFields(e)))
        {
            if (e.Status == AlertStatus.Firing)
            {
                var decision = await groups.RecordGroupAlertAsync(rule.Name, policy.Key(e), e, at, policy.Timing).ConfigureAwait(false);
                if (decision.Opened)
                {
                    opened.Add(decision.IncidentId);
                }
            }
            else if (await groups.FindGroupOfAlertAsync(rule.Name, e.EffectiveDedupKey).ConfigureAwait(false) is { } group)
            {
                await groups.ResolveGroupAlertsAsync(group.Id, [e.EffectiveDedupKey], at, policy.Timing).ConfigureAwait(false);
            }
        }

        foreach (var id in opened)
        {
            if (await groups.TakeGroupNotificationAsync(id, at).ConfigureAwait(false) is { Alerts.Count: > 0 } group)
            {
                var context = IncidentContext.Of(group, policy);
                notifications.Add(NotificationRenderer.Render(group.OpeningEvent!, NotificationKind.Trigger, channel, action.Templates, rule.Name, action.Severity, action.Values, _logger, context));
            }
        }

        return notifications;
    }

    /// <summary>The rule (of the configuration in force, or the one dispatch will start on) and its channel action at <paramref name="actionIndex"/>.</summary>
    private (CompiledRule Rule, CompiledAction Action) FindAction(string ruleName, int actionIndex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        // Once dispatch runs, the configuration in force (a reloaded one, say); before, the one it will start on.
        var compiled = state.IsRunning ? services.GetRequiredService<AlertDispatcher>().Running! : compiler.GetOrCompile(ValidOptions());
        var rule = compiled.Rules.Find(ruleName) ??
            throw new ArgumentException($"No enabled rule is named '{ruleName}'.", nameof(ruleName));
        var actions = rule.Actions.Where(a => a.Target.Name != CallbackNotifier.ChannelName).ToArray();
        if (actionIndex < 0 || actionIndex >= actions.Length)
        {
            throw new ArgumentException($"Rule '{ruleName}' has {actions.Length} channel action(s); there is none at index {actionIndex}.", nameof(actionIndex));
        }

        return (rule, actions[actionIndex]);
    }

    public Task<DeliveryOutcome> SendTestAsync(string channelName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        ValidOptions();

        // Resolved here, not injected: building the dispatcher reads the options, which throws when they are invalid,
        // and Validate() must be able to report that instead.
        var dispatcher = services.GetRequiredService<AlertDispatcher>();
        var compiled = dispatcher.EnsureStarted();
        if (!compiled.Channels.TryGetValue(channelName, out var channel))
        {
            throw new ArgumentException($"No channel is named '{channelName}' (known: {string.Join(", ", compiled.Channels.Keys)}).", nameof(channelName));
        }

        var sample = SampleEvents.Create("alerting.test", "alerting", time.GetUtcNow());
        return dispatcher.SendTestAsync(channel, new AlertEvent(sample.Type, sample.Source, AlertSeverity.Info, $"Test notification for channel {channel.Name}: if you can read this, the channel works.")
        {
            Attributes = sample.Attributes,
            Url = sample.Url,
        }, cancellationToken);
    }

    private AlertingOptions ValidOptions()
    {
        try
        {
            return options.Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new AlertingConfigurationException([.. ex.Failures]);
        }
    }
}
