using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>A notifier type that channels can use, under its configuration <c>Type</c> name.</summary>
internal sealed class NotifierRegistration
{
    private NotifierRegistration(
        string typeName, Type notifierType, Func<IServiceProvider, string, INotifier> create, Action<IServiceProvider, string> validate, Action<IServiceProvider> forgetOptions)
    {
        TypeName = typeName;
        NotifierType = notifierType;
        ForgetOptions = forgetOptions;
        Create = create;
        Validate = validate;
    }

    public string TypeName { get; }

    public Type NotifierType { get; }

    /// <summary>
    /// Whether <paramref name="notifierType"/> has a public constructor that takes an <see cref="HttpClient"/>: it then
    /// gets the channel's named client with the shared pipeline (per-request timeout, circuit breaker, answers
    /// classified, no default request logs).
    /// </summary>
    public static bool TakesHttpClient([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type notifierType) =>
        notifierType.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(HttpClient)));

    /// <summary>Creates the notifier of one channel, given that channel's options (and named HttpClient if its constructor takes one).</summary>
    public Func<IServiceProvider, string, INotifier> Create { get; }

    /// <summary>Resolves the channel's options, which throws <see cref="OptionsValidationException"/> when they are invalid.</summary>
    public Action<IServiceProvider, string> Validate { get; }

    /// <summary>Drops the options cached per channel, so a reloaded configuration binds them afresh (new secrets included).</summary>
    public Action<IServiceProvider> ForgetOptions { get; }

    public static NotifierRegistration For<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNotifier,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(string typeName)
        where TNotifier : class, INotifier
        where TOptions : class
    {
        var wantsHttpClient = TakesHttpClient(typeof(TNotifier));
        return new NotifierRegistration(
            typeName,
            typeof(TNotifier),
            (services, channel) =>
            {
                var options = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(channel);
                if (!wantsHttpClient)
                {
                    return ActivatorUtilities.CreateInstance<TNotifier>(services, options);
                }

                return ActivatorUtilities.CreateInstance<TNotifier>(services, options, HttpNotifierRegistration.CreateClient(services, channel, options));
            },
            (services, channel) => services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(channel),
            services => services.GetRequiredService<IOptionsMonitorCache<TOptions>>().Clear());
    }

    /// <summary>The default type name of a notifier class: its name without "Notifier", in lower case.</summary>
    public static string DefaultTypeName(Type notifierType)
    {
        var name = notifierType.Name;
        if (name.EndsWith("Notifier", StringComparison.Ordinal) && name.Length > "Notifier".Length)
        {
            name = name[..^"Notifier".Length];
        }

        return name.ToLowerInvariant();
    }
}
