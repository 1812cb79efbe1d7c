using System.Collections.Concurrent;
using Alerting.Notifiers;
using Alerting.Testing.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Testing;

/// <summary>
/// What the app's recording channels were handed (the channels <c>AddAlertingTesting</c> replaced), channel by channel,
/// and how each answers. A singleton of the service provider; resolve it, or use <see cref="AlertingTestHarness.Recorder"/>.
/// </summary>
public sealed class NotificationRecorder
{
    private readonly ConcurrentDictionary<string, RecordedChannel> _channels = new(StringComparer.OrdinalIgnoreCase);
    private readonly IOptionsMonitor<AlertingOptions> _options;
    private readonly object _lock = new();
    private readonly List<RecordedNotification> _all = [];

    internal NotificationRecorder(IOptionsMonitor<AlertingOptions> options)
    {
        _options = options;
    }

    /// <summary>Gets the names of the app's channels that record, in the order the configuration lists them.</summary>
    public IReadOnlyList<string> ChannelNames =>
        [.. _options.CurrentValue.Channels.Where(c => RecordingNotifier.IsRecording(c.Value)).Select(c => c.Key)];

    /// <summary>Gets every notification the recording channels were handed, in order.</summary>
    public IReadOnlyList<RecordedNotification> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>A recording channel, by its name in the app's configuration (case-insensitive).</summary>
    /// <param name="channelName">The channel's name.</param>
    /// <returns>The channel; the same object on every call.</returns>
    /// <exception cref="ArgumentException">No channel of the app of that name records; the message lists those that do.</exception>
    public RecordedChannel Channel(string channelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        if (_channels.TryGetValue(channelName, out var known))
        {
            return known;
        }

        var names = ChannelNames;
        return names.Contains(channelName, StringComparer.OrdinalIgnoreCase)
            ? _channels.GetOrAdd(channelName, name => new RecordedChannel(name))
            : throw new ArgumentException(
                $"No recording channel is named '{channelName}'. Recording: {(names.Count == 0 ? "none (AddAlertingTesting(t => t.RecordAllChannels()) records every channel)" : string.Join(", ", names))}.",
                nameof(channelName));
    }

    /// <summary>Forgets every notification recorded so far, on every channel (the answers queued stay).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _all.Clear();
            foreach (var channel in _channels.Values)
            {
                channel.Clear();
            }
        }
    }

    /// <summary>Records one attempt on the notification's channel and returns the channel's answer.</summary>
    internal DeliveryResult Record(Notification notification, DateTimeOffset now)
    {
        var channel = _channels.GetOrAdd(notification.ChannelName, name => new RecordedChannel(name));
        lock (_lock)
        {
            var recorded = channel.Record(notification, now, out var answer);
            if (recorded.Attempts == 1)
            {
                _all.Add(recorded);
            }

            return answer;
        }
    }
}
