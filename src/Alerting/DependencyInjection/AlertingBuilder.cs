using System.Diagnostics.CodeAnalysis;
using Alerting.Incidents;
using Alerting.DependencyInjection.Internal;
using Alerting.Notifiers.Http;
using Alerting.Notifiers;
using Alerting.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alerting;

/// <summary>
/// Configures Alerting inside <c>services.AddAlerting(...)</c>: channels, rules and options. Every call composes
/// with the <c>Alerting</c> configuration section, in the order they are registered: with
/// <c>AddAlerting(section, alerting => ...)</c> configuration is bound first, then the delegates given here run.
/// </summary>
public sealed class AlertingBuilder
{
    private const string ReflectionBindingMessage =
        "Binds the notifier's options from configuration by reflection, which trimming and native AOT cannot guarantee. " +
        "Use the overload that takes a bind delegate, such as (section, options) => section.Bind(options) with the configuration binding source generator.";

    internal AlertingBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection Alerting is being added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Changes the Alerting options.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder Configure(Action<AlertingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a rule, or changes the rule of that name (for example one defined in configuration).</summary>
    /// <param name="name">The rule name, unique among rules (case-insensitive).</param>
    /// <param name="configure">Sets the rule's conditions and actions.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddRule(string name, Action<AlertRuleOptions> configure) => ConfigureNamed(o => o.Rules, name, configure);

    /// <summary>Adds a silence (maintenance window), or changes the one of that name.</summary>
    /// <param name="name">The silence name, unique among silences (case-insensitive).</param>
    /// <param name="configure">Sets the window and what it matches.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddSilence(string name, Action<SilenceOptions> configure) => ConfigureNamed(o => o.Silences, name, configure);

    /// <summary>
    /// Adds a time interval that silences, rules, actions and channels can name as mute or active windows, or changes the
    /// one of that name.
    /// </summary>
    /// <param name="name">The interval name, unique among intervals (case-insensitive).</param>
    /// <param name="configure">Sets the time zone and the ranges.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddTimeInterval(string name, Action<TimeIntervalOptions> configure) => ConfigureNamed(o => o.TimeIntervals, name, configure);

    /// <summary>Adds an inhibition, or changes the one of that name.</summary>
    /// <param name="name">The inhibition name, unique among inhibitions (case-insensitive).</param>
    /// <param name="configure">Sets its source and target matchers and the names they must share.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddInhibition(string name, Action<InhibitionOptions> configure) => ConfigureNamed(o => o.Inhibitions, name, configure);

    /// <summary>
    /// Adds the built-in inhibition that mutes a service's jobs while it is degraded: while a <c>service.degraded</c>
    /// incident is open, <c>job.*</c> events of severity Warning or above whose attribute <c>service</c> equals the
    /// degraded event's <c>service</c> attribute (the service's name) are held back. A rule must take
    /// <c>service.degraded</c> with incidents on.
    /// </summary>
    /// <param name="name">The inhibition name.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddServiceInhibition(string name = "service-degraded-mutes-jobs") => AddInhibition(name, i => i
        .Source(s => s.ForTypes(AlertEventTypes.ServiceDegraded))
        .Target(t => t.ForTypes("job.*").WithMinimumSeverity(AlertSeverity.Warning))
        .WhenEqual("service"));

    /// <summary>Adds an escalation policy that rules can reference, or changes the one of that name.</summary>
    /// <param name="name">The policy name, unique among policies (case-insensitive).</param>
    /// <param name="configure">Sets the levels and repeats.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddEscalationPolicy(string name, Action<EscalationPolicyOptions> configure) => ConfigureNamed(o => o.EscalationPolicies, name, configure);

    /// <summary>Creates or changes the named entry of one of the options' dictionaries (rules, silences, policies, jobs, services).</summary>
    internal AlertingBuilder ConfigureNamed<TEntry>(Func<AlertingOptions, Dictionary<string, TEntry>> entries, string name, Action<TEntry> configure)
        where TEntry : new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<AlertingOptions>(options =>
        {
            var all = entries(options);
            if (!all.TryGetValue(name, out var entry))
            {
                entry = new TEntry();
                all.Add(name, entry);
            }

            configure(entry);
        });
        return this;
    }

    /// <summary>Changes the settings every channel has (environments, concurrency, timeout, retries, default templates).</summary>
    /// <param name="channelName">The channel name.</param>
    /// <param name="configure">Changes the channel's settings.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder ConfigureChannel(string channelName, Action<ChannelOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<AlertingOptions>(options => configure(GetOrAddChannel(options, channelName)));
        return this;
    }

    /// <summary>
    /// Adds a channel served by <typeparamref name="TNotifier"/>, and makes its type usable from configuration under
    /// its type name (the class name without "Notifier", lower case: <c>AcmeNotifier</c> is <c>acme</c>). Its options
    /// are bound from configuration by reflection; in a trimmed or native AOT app use
    /// <see cref="AddNotifier{TNotifier, TOptions}(string, Action{IConfiguration, TOptions}, Action{TOptions}?)"/>.
    /// </summary>
    /// <typeparam name="TNotifier">The notifier; its constructor may take <typeparamref name="TOptions"/>, an <see cref="HttpClient"/> (the channel's named client) and any registered service.</typeparam>
    /// <typeparam name="TOptions">The notifier's options, bound from <c>Alerting:Channels:{channelName}</c>, then <paramref name="configure"/>.</typeparam>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>This builder.</returns>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public AlertingBuilder AddNotifier<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(string channelName, Action<TOptions>? configure = null)
        where TNotifier : class, INotifier
        where TOptions : class =>
        AddNotifier<TNotifier, TOptions>(channelName, BindByReflection, configure);

    /// <summary>
    /// Adds a channel served by <typeparamref name="TNotifier"/>, and makes its type usable from configuration under
    /// its type name (the class name without "Notifier", lower case: <c>AcmeNotifier</c> is <c>acme</c>), with its
    /// options bound from configuration by <paramref name="bind"/>: safe for trimming and native AOT when
    /// <paramref name="bind"/> is, as <c>(section, options) =&gt; section.Bind(options)</c> is with the configuration
    /// binding source generator (on by default when publishing native AOT).
    /// </summary>
    /// <typeparam name="TNotifier">The notifier; its constructor may take <typeparamref name="TOptions"/>, an <see cref="HttpClient"/> (the channel's named client) and any registered service.</typeparam>
    /// <typeparam name="TOptions">The notifier's options, bound from <c>Alerting:Channels:{channelName}</c>, then <paramref name="configure"/>.</typeparam>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="bind">Binds the options of a channel of this type from its configuration section (<c>Alerting:Channels:{name}</c>).</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddNotifier<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        string channelName, Action<IConfiguration, TOptions> bind, Action<TOptions>? configure = null)
        where TNotifier : class, INotifier
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        var typeName = NotifierRegistration.DefaultTypeName(typeof(TNotifier));
        AddNotifierType<TNotifier, TOptions>(bind, typeName);
        Services.Configure<AlertingOptions>(options => GetOrAddChannel(options, channelName).Type = typeName);
        if (configure is not null)
        {
            Services.Configure(channelName, configure);
        }

        return this;
    }

    /// <summary>
    /// Makes a notifier type usable by channels defined in configuration (<c>"Type": "typeName"</c>). Its options are
    /// bound by reflection; in a trimmed or native AOT app use
    /// <see cref="AddNotifierType{TNotifier, TOptions}(Action{IConfiguration, TOptions}, string?)"/>.
    /// </summary>
    /// <typeparam name="TNotifier">The notifier.</typeparam>
    /// <typeparam name="TOptions">Its options, bound per channel from <c>Alerting:Channels:{name}</c>.</typeparam>
    /// <param name="typeName">The configuration type name; defaults to the class name without "Notifier", in lower case.</param>
    /// <returns>This builder.</returns>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public AlertingBuilder AddNotifierType<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(string? typeName = null)
        where TNotifier : class, INotifier
        where TOptions : class =>
        AddNotifierType<TNotifier, TOptions>(BindByReflection, typeName);

    /// <summary>
    /// Makes a notifier type usable by channels defined in configuration (<c>"Type": "typeName"</c>), with its options
    /// bound by <paramref name="bind"/>: safe for trimming and native AOT when <paramref name="bind"/> is, as
    /// <c>(section, options) =&gt; section.Bind(options)</c> is with the configuration binding source generator.
    /// </summary>
    /// <typeparam name="TNotifier">The notifier.</typeparam>
    /// <typeparam name="TOptions">Its options, bound per channel from <c>Alerting:Channels:{name}</c>.</typeparam>
    /// <param name="bind">Binds the options of a channel of this type from its configuration section (<c>Alerting:Channels:{name}</c>).</param>
    /// <param name="typeName">The configuration type name; defaults to the class name without "Notifier", in lower case.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddNotifierType<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        Action<IConfiguration, TOptions> bind, string? typeName = null)
        where TNotifier : class, INotifier
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(bind);
        typeName ??= NotifierRegistration.DefaultTypeName(typeof(TNotifier));
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        if (!Services.Any(d => d.ServiceType == typeof(NotifierRegistration) && d.ImplementationInstance is NotifierRegistration r &&
                               r.NotifierType == typeof(TNotifier) && string.Equals(r.TypeName, typeName, StringComparison.OrdinalIgnoreCase)))
        {
            Services.AddSingleton(NotifierRegistration.For<TNotifier, TOptions>(typeName));
        }

        Services.AddOptions();
        // One binder per options type: the first registered (the built-in one for built-in types) binds every channel.
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TOptions>, ChannelSectionConfigureOptions<TOptions>>(
            sp => new ChannelSectionConfigureOptions<TOptions>(sp.GetServices<AlertingConfigurationSource>(), bind)));
        if (NotifierRegistration.TakesHttpClient(typeof(TNotifier)))
        {
            HttpNotifierRegistration.AddHttpPipelineServices(Services);
        }

        if (typeof(IHttpNotifierOptions).IsAssignableFrom(typeof(TOptions)))
        {
            HttpNotifierRegistration.AddOptionsValidator<TOptions>(Services);
        }

        return this;
    }

    /// <summary>
    /// Makes a notifier type usable by channels defined in configuration, with a validator of its options that runs at
    /// start-up (and in <c>IAlertingTester.Validate</c>), each problem reported with the channel's name. Its options are
    /// bound by reflection; in a trimmed or native AOT app use
    /// <see cref="AddNotifierType{TNotifier, TOptions, TValidator}(Action{IConfiguration, TOptions}, string?)"/>.
    /// </summary>
    /// <typeparam name="TNotifier">The notifier.</typeparam>
    /// <typeparam name="TOptions">Its options, bound per channel from <c>Alerting:Channels:{name}</c>.</typeparam>
    /// <typeparam name="TValidator">The validator of its options.</typeparam>
    /// <param name="typeName">The configuration type name; defaults to the class name without "Notifier", in lower case.</param>
    /// <returns>This builder.</returns>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public AlertingBuilder AddNotifierType<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(string? typeName = null)
        where TNotifier : class, INotifier
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions> =>
        AddNotifierType<TNotifier, TOptions, TValidator>(BindByReflection, typeName);

    /// <summary>
    /// Makes a notifier type usable by channels defined in configuration, with a validator of its options that runs at
    /// start-up (and in <c>IAlertingTester.Validate</c>), each problem reported with the channel's name, and its options
    /// bound by <paramref name="bind"/>: safe for trimming and native AOT when <paramref name="bind"/> is, as
    /// <c>(section, options) =&gt; section.Bind(options)</c> is with the configuration binding source generator.
    /// </summary>
    /// <typeparam name="TNotifier">The notifier.</typeparam>
    /// <typeparam name="TOptions">Its options, bound per channel from <c>Alerting:Channels:{name}</c>.</typeparam>
    /// <typeparam name="TValidator">The validator of its options.</typeparam>
    /// <param name="bind">Binds the options of a channel of this type from its configuration section (<c>Alerting:Channels:{name}</c>).</param>
    /// <param name="typeName">The configuration type name; defaults to the class name without "Notifier", in lower case.</param>
    /// <returns>This builder.</returns>
    public AlertingBuilder AddNotifierType<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        Action<IConfiguration, TOptions> bind, string? typeName = null)
        where TNotifier : class, INotifier
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return AddNotifierType<TNotifier, TOptions>(bind, typeName);
    }

    /// <summary>The reflection-based binder, for the overloads that are marked as needing unreferenced and dynamic code.</summary>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    private static void BindByReflection<TOptions>(IConfiguration section, TOptions options)
        where TOptions : class
    {
        // The reflection binder on purpose, reachable only through the overloads that carry its trimming and AOT
        // warnings to their callers. Called through a delegate: the source generator, which cannot bind a type it does
        // not know at compile time, would otherwise report the call it leaves to reflection (SYSLIB1104).
        Action<IConfiguration, object?> bind = ConfigurationBinder.Bind;
        bind(section, options);
    }

    private static ChannelOptions GetOrAddChannel(AlertingOptions options, string channelName)
    {
        if (!options.Channels.TryGetValue(channelName, out var channel))
        {
            channel = new ChannelOptions();
            options.Channels.Add(channelName, channel);
        }

        return channel;
    }
}
