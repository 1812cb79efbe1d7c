namespace Alerting.Monitoring.Internal;

/// <summary>Services: instances that report healthy, expire when they stop, and the degraded and recovered events.</summary>
internal sealed partial class JobMonitor
{
    public void ReportHealthy(string service, string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        EnsureStarted();
        var raised = new List<AlertEvent>();
        lock (SyncRoot)
        {
            if (!_services.TryGetValue(service, out var state))
            {
                state = new ServiceState(ServiceDefinition.From(service, new MonitoredServiceOptions()), checkedYet: true);
                _services.Add(service, state);
            }

            if (!state.Instances.TryGetValue(instanceId, out var instance))
            {
                instance = new InstanceState(state, instanceId);
                state.Instances.Add(instanceId, instance);
            }

            var now = _time.GetUtcNow();
            instance.LastSeen = now;
            if (!instance.Healthy)
            {
                instance.Healthy = true;
                state.HealthyCount++;
            }

            if (!instance.Queued)
            {
                instance.Queued = true;
                Enqueue(new Deadline(DeadlineKind.InstanceExpiry, instance), now + state.Definition.InstanceHeartbeatTimeout);
            }

            RaiseHealthChange(state, now, raised);
        }

        Raise(raised);
    }

    private void CheckInstance(InstanceState instance, DateTimeOffset now, List<AlertEvent> raised)
    {
        instance.Queued = false;
        var service = instance.Service;
        var due = instance.LastSeen + service.Definition.InstanceHeartbeatTimeout;
        if (due > now)
        {
            instance.Queued = true;
            Enqueue(new Deadline(DeadlineKind.InstanceExpiry, instance), due);
            return;
        }

        instance.Healthy = false;
        service.HealthyCount--;
        RaiseHealthChange(service, now, raised);
    }

    /// <summary>Raises <c>service.degraded</c> when the service falls below its minimum, <c>service.recovered</c> when it is back; once per change.</summary>
    private static void RaiseHealthChange(ServiceState service, DateTimeOffset now, List<AlertEvent> raised)
    {
        var definition = service.Definition;
        var below = service.HealthyCount < definition.MinimumHealthyInstances;
        if (below == service.Degraded || !service.Checked)
        {
            return;
        }

        service.Degraded = below;
        var healthy = service.Instances.Values.Where(i => i.Healthy).Select(i => i.Id).Order(StringComparer.Ordinal).ToArray();
        var unhealthy = service.Instances.Values.Where(i => !i.Healthy).Select(i => i.Id).Order(StringComparer.Ordinal).ToArray();
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [MonitorAttributes.Service] = service.Name,
            [MonitorAttributes.MinimumHealthy] = definition.MinimumHealthyInstances,
            [MonitorAttributes.HealthyCount] = healthy.Length,
            [MonitorAttributes.UnhealthyCount] = unhealthy.Length,
            [MonitorAttributes.HealthyInstances] = healthy,
            [MonitorAttributes.UnhealthyInstances] = unhealthy,
        };
        var key = JobKey(AlertEventTypes.ServiceDegraded, service.Name);
        raised.Add(below
            ? NewEvent(AlertEventTypes.ServiceDegraded, service.Name, AlertSeverity.Error, AlertStatus.Firing, key, $"{service.Name} has {healthy.Length} healthy instance(s), below its minimum of {definition.MinimumHealthyInstances}.", definition.Environment, attributes, now)
            : NewEvent(AlertEventTypes.ServiceRecovered, service.Name, AlertSeverity.Info, AlertStatus.Resolved, key, $"{service.Name} is back to {healthy.Length} healthy instance(s) (minimum {definition.MinimumHealthyInstances}).", definition.Environment, attributes, now));
    }
}
