using Alerting.Notifiers.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alerting;

/// <summary>Adds e-mail channels to Alerting.</summary>
public static class EmailAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of e-mail channels: <c>email</c>.</summary>
    public const string TypeName = "email";

    /// <summary>
    /// Adds a channel that sends notifications as e-mail through an SMTP server (<see cref="EmailOptions.Host"/>), or
    /// writes them as <c>.eml</c> files into a folder (<see cref="EmailOptions.PickupDirectory"/>) when no server is set.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options, after those bound from <c>Alerting:Channels:{channelName}</c>.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddEmail(this AlertingBuilder builder, string channelName, Action<EmailOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEmailType().AddNotifier<EmailNotifier, EmailOptions>(channelName, Bind, configure);
    }

    /// <summary>Makes the <c>email</c> type usable from configuration, with its options validator.</summary>
    internal static AlertingBuilder AddEmailType(this AlertingBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        return builder.AddNotifierType<EmailNotifier, EmailOptions>(Bind, TypeName);
    }

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, EmailOptions options) => section.Bind(options);
}
