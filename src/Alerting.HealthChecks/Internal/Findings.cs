using Alerting.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alerting.HealthChecks.Internal;

/// <summary>
/// What the Alerting health check found in one snapshot: the worst status, one sentence per problem, and the data
/// (<see cref="HealthCheckResult.Data"/>) with the snapshot's figures, the reason tags and, per channel, its figures,
/// status and reasons. Everything in it is a name, a count, a time or a reason tag.
/// </summary>
internal sealed class Findings
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);
    private readonly List<string> _sentences = [];
    private readonly List<string> _reasons = [];
    private readonly List<string> _channels = [];
    private readonly Dictionary<string, (HealthStatus Status, List<string> Reasons)> _byChannel = new(StringComparer.Ordinal);
    private readonly HealthStatus _unhealthy;
    private readonly HealthStatus _degraded;
    private HealthStatus _status = HealthStatus.Healthy;

    /// <param name="snapshot">The snapshot, whose figures the data starts with.</param>
    /// <param name="failureStatus">What unhealthy findings report; degraded ones report degraded, or this when it is milder.</param>
    public Findings(AlertingHealthSnapshot snapshot, HealthStatus failureStatus)
    {
        _unhealthy = failureStatus;
        _degraded = (HealthStatus)Math.Max((int)failureStatus, (int)HealthStatus.Degraded);
        _data["state"] = snapshot.State switch
        {
            AlertingDispatchState.NotStarted => "not_started",
            AlertingDispatchState.Running => "running",
            _ => "stopped",
        };
        _data["queue_length"] = snapshot.QueueLength;
        _data["queue_capacity"] = snapshot.QueueCapacity;
        _data["dropped_events"] = snapshot.DroppedEvents;
        _data["refused_events"] = snapshot.RefusedEvents;
        if (snapshot.OutboxBacklog is { } backlog)
        {
            _data["outbox_backlog"] = backlog;
        }

        if (snapshot.SharedStore is { } store)
        {
            _data["store"] = store.StoreName;
            _data["store_reachable"] = store.IsReachable;
            if (store.UnreachableSince is { } since)
            {
                _data["store_unreachable_since"] = since;
            }
        }
    }

    /// <summary>Adds a channel's figures to the data.</summary>
    public void Channel(ChannelHealth channel)
    {
        var prefix = Prefix(channel.Name);
        _data[prefix + "circuit"] = channel.Circuit switch
        {
            ChannelCircuitState.Closed => "closed",
            ChannelCircuitState.Open => "open",
            ChannelCircuitState.HalfOpen => "half_open",
            _ => "none",
        };
        _data[prefix + "queue_length"] = channel.QueueLength;
        _data[prefix + "delivered"] = channel.Delivered;
        _data[prefix + "failed"] = channel.Failed;
        if (channel.LastFailureReasonTag is { } tag)
        {
            _data[prefix + "last_failure"] = tag;
        }
    }

    /// <summary>A problem that makes the check degraded; of a channel when <paramref name="channel"/> is set.</summary>
    public void Degraded(string? channel, string reason, string sentence) => Add(_degraded, channel, reason, sentence);

    /// <summary>A problem that makes the check unhealthy (its failure status); of a channel when <paramref name="channel"/> is set.</summary>
    public void Unhealthy(string? channel, string reason, string sentence) => Add(_unhealthy, channel, reason, sentence);

    /// <summary>The result: the worst status found, its sentences (or <paramref name="healthy"/>), and the data.</summary>
    public HealthCheckResult Result(string healthy)
    {
        _data["reasons"] = _reasons.ToArray();
        _data["channels"] = _channels.ToArray();
        foreach (var (name, (status, reasons)) in _byChannel)
        {
            _data[Prefix(name) + "status"] = HealthStatusWords.Of(status);
            _data[Prefix(name) + "reasons"] = reasons.ToArray();
        }

        return new HealthCheckResult(_status, _sentences.Count == 0 ? healthy : string.Join(" ", _sentences), data: _data);
    }

    private void Add(HealthStatus status, string? channel, string reason, string sentence)
    {
        _status = (HealthStatus)Math.Min((int)_status, (int)status);
        _sentences.Add(sentence);
        AddOnce(_reasons, reason);
        if (channel is null)
        {
            return;
        }

        AddOnce(_channels, channel);
        var (worst, reasons) = _byChannel.TryGetValue(channel, out var found) ? found : (HealthStatus.Healthy, new List<string>());
        AddOnce(reasons, reason);
        _byChannel[channel] = ((HealthStatus)Math.Min((int)worst, (int)status), reasons);
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }

    private static string Prefix(string channel) => "channel." + channel + ".";
}
