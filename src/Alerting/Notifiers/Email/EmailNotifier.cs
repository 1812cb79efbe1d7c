using Alerting.Notifiers.Email.Internal;
using Alerting.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Email;

/// <summary>
/// Sends notifications as e-mail through an SMTP server, reusing a small pool of connections, or writes them as
/// <c>.eml</c> files into a pickup folder. Each message is <c>multipart/alternative</c> (text and HTML); notifications
/// of one incident thread together. Transient SMTP failures (4xx replies, I/O errors) are returned as transient and
/// retried by the channel with backoff; 5xx replies are permanent and carry the server's reply.
/// </summary>
public sealed class EmailNotifier : INotifier, IAsyncDisposable
{
    private static readonly NotifierCapabilities s_capabilities = new()
    {
        BodyEscaping = Templates.TemplateEscaping.Html,
        MaxTitleLength = EmailConstants.MaxSubjectLength,
    };

    private readonly EmailMessageBuilder _builder;
    private readonly IEmailTransport _transport;
    private readonly ILogger _logger;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options; they must be valid (Alerting validates them at start-up).</param>
    /// <param name="timeProvider">The clock for message dates, file names and idle connections; defaults to the system clock.</param>
    /// <param name="loggerFactory">Logs connections and pickup files at Debug level; never credentials or content.</param>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> are not valid.</exception>
    public EmailNotifier(EmailOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new EmailOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EmailOptions), validation.Failures);
        }

        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting.Email");
        _logger = logger;
        var addresses = EmailAddresses.From(options);
        _builder = new EmailMessageBuilder(addresses, EmailMessageBuilder.DomainFor(options, addresses), time);
        _transport = string.IsNullOrWhiteSpace(options.Host)
            ? new PickupDirectoryTransport(options.PickupDirectory!, time, logger)
            : new SmtpTransport(options, time, logger);
    }

    /// <inheritdoc />
    /// <value>Plain-text titles and messages, HTML-escaped bodies, subjects cut at 998 characters.</value>
    public NotifierCapabilities Capabilities => s_capabilities;

    /// <summary>Gets the folder <c>.eml</c> files are written to, or <see langword="null"/> when the channel sends through SMTP.</summary>
    public string? PickupDirectory => (_transport as PickupDirectoryTransport)?.Directory;

    /// <summary>Gets how many SMTP connections the channel has opened so far (0 for a pickup folder).</summary>
    public int ConnectionsOpened => (_transport as SmtpTransport)?.ConnectionsOpened ?? 0;

    /// <inheritdoc />
    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Event.Url is { } link && !SafeLinks.IsAllowed(link))
        {
            EmailLog.LinkDropped(_logger, notification.ChannelName, SafeLinks.SchemeOf(link));
        }

        return _transport.SendAsync(_builder.Build(notification), cancellationToken);
    }

    /// <summary>Closes pooled SMTP connections politely.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
