using System.Globalization;
using System.Text;
using Alerting.Notifiers.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.Console;

/// <summary>
/// Writes notifications to standard output or to a logger. Built on the same public <see cref="INotifier"/> surface
/// as any third-party notifier.
/// </summary>
public sealed partial class ConsoleNotifier : INotifier
{
    private readonly ConsoleNotifierOptions _options;
    private readonly ILogger _logger;
    private readonly object _writeLock = new();

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options.</param>
    /// <param name="loggerFactory">Used when <see cref="ConsoleNotifierOptions.Output"/> is <see cref="ConsoleOutput.Logger"/>.</param>
    public ConsoleNotifier(ConsoleNotifierOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting.Console");
    }

    /// <inheritdoc />
    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var label = Label(notification);
        if (_options.Output == ConsoleOutput.Logger)
        {
            var level = LevelFor(notification.Severity);
            if (_logger.IsEnabled(level))
            {
                var message = _options.IncludeMessage ? string.Join('\n', [notification.Message, .. notification.Alerts.Select(AlertLine)]) : string.Empty;
                Write(_logger, level, label, notification.ChannelName, notification.Title, message);
            }

            return ValueTask.FromResult(DeliveryResult.Delivered());
        }

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{notification.Event.Timestamp:HH:mm:ss} {label,-9} [{notification.ChannelName}] {notification.Title}")
            .AppendLine();
        if (_options.IncludeMessage)
        {
            var lines = notification.Alerts.Select(AlertLine);
            foreach (var line in (notification.Message.Length > 0 ? lines.Prepend(notification.Message) : lines).SelectMany(l => l.Split('\n')))
            {
                text.Append("    ").Append(line.TrimEnd('\r')).AppendLine();
            }
        }

        var writer = _options.Writer ?? System.Console.Out;
        lock (_writeLock)
        {
            writer.Write(text.ToString());
            writer.Flush();
        }

        return ValueTask.FromResult(DeliveryResult.Delivered());
    }

    /// <summary>An alert of a grouped notification: its state, padded, and its line.</summary>
    private static string AlertLine(NotificationAlert alert) => $"{GroupedAlerts.Label(alert),-8} {alert.Text}";

    private static string Label(Notification notification) => notification.Kind switch
    {
        NotificationKind.Resolve => "RESOLVED",
        NotificationKind.Acknowledge => "ACKED",
        NotificationKind.Test => "TEST",
        NotificationKind.Update => "UPDATE",
        _ => notification.Severity.ToString().ToUpperInvariant(),
    };

    private static LogLevel LevelFor(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => LogLevel.Information,
        AlertSeverity.Warning => LogLevel.Warning,
        AlertSeverity.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    [LoggerMessage(EventId = 1100, EventName = "ConsoleNotification", Message = "{Label} [{ChannelName}] {Title} {Message}")]
    private static partial void Write(ILogger logger, LogLevel level, string label, string channelName, string title, string message);
}
