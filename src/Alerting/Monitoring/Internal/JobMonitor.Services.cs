namespace Alerting.Monitoring.Internal;

/// <summary>
/// Services: reports and checks go to the <see cref="IServiceHealthStore"/>, which counts the instances healthy across
/// every replica that shares it and decides the degraded and recovered changes, each told to one caller. Each service is
/// checked again when its first healthy instance would expire, and at least once per instance timeout, so a replica
/// notices instances of other replicas that stop reporting.
/// </summary>
internal sealed partial class JobMonitor
{
    public void ReportHealthy(string service, string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        EnsureStarted();
        ServiceState? state;
        DateTimeOffset now;
        lock (SyncRoot)
        {
            if (!_services.TryGetValue(service, out state))
            {
                state = new ServiceState(ServiceDefinition.From(service, new MonitoredServiceOptions()), checkedYet: true);
                _services.Add(service, state);
            }

            now = _time.GetUtcNow();
        }

        JudgeService(state, instanceId, now);
    }

    /// <summary>
    /// Records <paramref name="reportingInstance"/>'s report (if any) and judges the service, outside the lock; a service
    /// not yet checked (within its first timeout after monitoring started) is counted, not judged. The event of a change
    /// is raised when the store answers: at once from the in-process store.
    /// </summary>
    private void JudgeService(ServiceState service, string? reportingInstance, DateTimeOffset now)
    {
        ServiceDefinition definition;
        int? minimum;
        lock (SyncRoot)
        {
            definition = service.Definition;
            minimum = service.Checked ? definition.MinimumHealthyInstances : null;
        }

        try
        {
            var pending = reportingInstance is null
                ? _healthStore.CheckAsync(service.Name, now, definition.InstanceHeartbeatTimeout, minimum)
                : _healthStore.ReportHealthyAsync(service.Name, reportingInstance, now, definition.InstanceHeartbeatTimeout, minimum);
            if (pending.IsCompletedSuccessfully)
            {
                Judged(service, definition, now, pending.Result);
            }
            else
            {
                _ = JudgedLaterAsync(service, definition, now, pending);
            }
        }
#pragma warning disable CA1031 // Monitoring must not break the reporting code or the timer thread; the failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            NotJudged(service, definition, now, ex);
        }
    }

    private async Task JudgedLaterAsync(ServiceState service, ServiceDefinition definition, DateTimeOffset now, ValueTask<ServiceHealth> pending)
    {
        using var later = _work.Start();
        try
        {
            var health = await pending.ConfigureAwait(false);
            Judged(service, definition, now, health);
        }
#pragma warning disable CA1031 // As in JudgeService: logged, never thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            NotJudged(service, definition, now, ex);
        }
    }

    /// <summary>Queues the service's next check (when its first healthy instance expires, one timeout later at most) and raises the change the store gave this caller.</summary>
    private void Judged(ServiceState service, ServiceDefinition definition, DateTimeOffset now, ServiceHealth health)
    {
        lock (SyncRoot)
        {
            var next = now + definition.InstanceHeartbeatTimeout;
            ScheduleCheck(service, health.NextExpiry is { } expiry && expiry < next ? expiry : next);
        }

        if (health.Change != ServiceHealthChange.None)
        {
            Raise([HealthEvent(service.Name, definition, health, now)]);
        }
    }

    private void NotJudged(ServiceState service, ServiceDefinition definition, DateTimeOffset now, Exception exception)
    {
        MonitoringLog.NotJudged(_logger, service.Name, exception.GetType().Name);
        lock (SyncRoot)
        {
            ScheduleCheck(service, now + definition.InstanceHeartbeatTimeout);
        }
    }

    /// <summary>Queues a check of the service at <paramref name="at"/> unless one is queued no later; the caller holds the lock.</summary>
    private void ScheduleCheck(ServiceState service, DateTimeOffset at)
    {
        if (_stopped || service.CheckQueuedFor is { } queued && queued <= at)
        {
            return;
        }

        service.CheckQueuedFor = at;
        Enqueue(new Deadline(DeadlineKind.ServiceCheck, service, at), at);
    }

    /// <summary><c>service.degraded</c> or <c>service.recovered</c>, with the instances the store counted (across the cluster, with a shared store).</summary>
    private static AlertEvent HealthEvent(string name, ServiceDefinition definition, ServiceHealth health, DateTimeOffset now)
    {
        string[] healthy = [.. health.HealthyInstances];
        string[] unhealthy = [.. health.UnhealthyInstances];
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [MonitorAttributes.Service] = name,
            [MonitorAttributes.MinimumHealthy] = definition.MinimumHealthyInstances,
            [MonitorAttributes.HealthyCount] = healthy.Length,
            [MonitorAttributes.UnhealthyCount] = unhealthy.Length,
            [MonitorAttributes.HealthyInstances] = healthy,
            [MonitorAttributes.UnhealthyInstances] = unhealthy,
        };
        var key = JobKey(AlertEventTypes.ServiceDegraded, name);
        return health.Change == ServiceHealthChange.Degraded
            ? NewEvent(AlertEventTypes.ServiceDegraded, name, AlertSeverity.Error, AlertStatus.Firing, key, $"{name} has {healthy.Length} healthy instance(s), below its minimum of {definition.MinimumHealthyInstances}.", definition.Environment, attributes, now)
            : NewEvent(AlertEventTypes.ServiceRecovered, name, AlertSeverity.Info, AlertStatus.Resolved, key, $"{name} is back to {healthy.Length} healthy instance(s) (minimum {definition.MinimumHealthyInstances}).", definition.Environment, attributes, now);
    }
}
