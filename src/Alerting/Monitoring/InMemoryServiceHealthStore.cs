using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Alerting.Monitoring;

/// <summary>
/// The default, in-process service health: per service, the latest report of each instance and whether the service is
/// degraded (and since when), judged under a lock per service. Instances are kept once they have reported (expired ones
/// are listed as unhealthy); a call costs time in proportion to the service's instances.
/// </summary>
public sealed class InMemoryServiceHealthStore : IServiceHealthStore
{
    private readonly ConcurrentDictionary<string, ServiceRecord> _services = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValueTask<ServiceHealth> ReportHealthyAsync(string service, string instanceId, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var record = _services.GetOrAdd(service, static _ => new ServiceRecord());
        lock (record)
        {
            ref var lastSeen = ref CollectionsMarshal.GetValueRefOrAddDefault(record.LastSeen, instanceId, out var known);
            if (!known || lastSeen < now)
            {
                lastSeen = now;
            }

            return new(record.Judge(now, instanceHeartbeatTimeout, minimumHealthyInstances));
        }
    }

    /// <inheritdoc />
    public ValueTask<ServiceHealth> CheckAsync(string service, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var record = _services.GetOrAdd(service, static _ => new ServiceRecord());
        lock (record)
        {
            return new(record.Judge(now, instanceHeartbeatTimeout, minimumHealthyInstances));
        }
    }

    /// <summary>One service; guarded by its own lock.</summary>
    private sealed class ServiceRecord
    {
        private bool _degraded;
        private DateTimeOffset _changedAt = DateTimeOffset.MinValue;

        public Dictionary<string, DateTimeOffset> LastSeen { get; } = new(StringComparer.Ordinal);

        public ServiceHealth Judge(DateTimeOffset now, TimeSpan timeout, int? minimum)
        {
            var healthy = new List<string>();
            var unhealthy = new List<string>();
            DateTimeOffset? nextExpiry = null;
            foreach (var (id, lastSeen) in LastSeen)
            {
                var expiry = lastSeen + timeout;
                if (expiry > now)
                {
                    healthy.Add(id);
                    nextExpiry = nextExpiry is { } next && next <= expiry ? next : expiry;
                }
                else
                {
                    unhealthy.Add(id);
                }
            }

            var change = ServiceHealthChange.None;
            if (minimum is { } min && healthy.Count < min != _degraded && now >= _changedAt)
            {
                _degraded = !_degraded;
                _changedAt = now;
                change = _degraded ? ServiceHealthChange.Degraded : ServiceHealthChange.Recovered;
            }

            healthy.Sort(StringComparer.Ordinal);
            unhealthy.Sort(StringComparer.Ordinal);
            return new ServiceHealth
            {
                HealthyInstances = healthy,
                UnhealthyInstances = unhealthy,
                IsDegraded = _degraded,
                Change = change,
                NextExpiry = nextExpiry,
            };
        }
    }
}
