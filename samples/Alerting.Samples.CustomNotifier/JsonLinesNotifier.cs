using System.Text.Json;
using Alerting.Notifiers;

namespace Alerting.Samples.CustomNotifier;

/// <summary>
/// A third-party notifier: appends each notification to a file as one JSON line (an audit trail another tool can tail).
/// It implements the same public <see cref="INotifier"/> the built-in channels do; Alerting disposes it on shutdown.
/// </summary>
public sealed class JsonLinesNotifier(JsonLinesNotifierOptions options) : INotifier, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new
        {
            channel = notification.ChannelName,
            rule = notification.RuleName,
            kind = notification.Kind.ToString(),
            severity = notification.Severity.ToString(),
            title = notification.Title,
            message = notification.Message,
            source = notification.Event.Source,
            timestamp = notification.Event.Timestamp,
        });

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(options.Path, line + Environment.NewLine, cancellationToken);
            return DeliveryResult.Delivered();
        }
        catch (IOException ex)
        {
            // A full disk may clear; retry later. Report the reason, not the path.
            return DeliveryResult.Transient($"Could not append to the file: {ex.GetType().Name}.");
        }
        catch (UnauthorizedAccessException)
        {
            return DeliveryResult.Permanent("Not allowed to write the file.");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
