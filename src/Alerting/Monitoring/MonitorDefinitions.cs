using Cronos;
using Alerting.Monitoring.Internal;

namespace Alerting.Monitoring;

/// <summary>
/// The registered jobs and services, validated: each problem is added to the configuration's error list naming the
/// job or service and the field (an invalid cron expression with the expression and Cronos's reason).
/// </summary>
internal sealed class MonitorDefinitions
{
    private MonitorDefinitions(List<JobDefinition> jobs, List<ServiceDefinition> services)
    {
        Jobs = jobs;
        Services = services;
    }

    public IReadOnlyList<JobDefinition> Jobs { get; }

    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>Validates the monitored <paramref name="jobs"/> and <paramref name="services"/>; those with problems are left out.</summary>
    public static MonitorDefinitions Compile(IReadOnlyDictionary<string, MonitoredJobOptions> jobs, IReadOnlyDictionary<string, MonitoredServiceOptions> services, List<string> errors)
    {
        var crons = new Dictionary<string, CronExpression>(StringComparer.Ordinal);
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.OrdinalIgnoreCase);
        var jobDefinitions = new List<JobDefinition>(jobs.Count);
        foreach (var (name, job) in jobs)
        {
            var where = $"Job '{name}'";
            var before = errors.Count;
            var schedule = CompileSchedule(where, job, crons, zones, errors);
            NotNegative(where, nameof(job.StartGracePeriod), job.StartGracePeriod, errors);
            Positive(where, nameof(job.MaxRunTime), job.MaxRunTime, errors);
            Positive(where, nameof(job.ExpectedRunTime), job.ExpectedRunTime, errors);
            Positive(where, nameof(job.HeartbeatTimeout), job.HeartbeatTimeout, errors);
            if (errors.Count == before)
            {
                jobDefinitions.Add(new JobDefinition(name, schedule, job.StartGracePeriod, job.MaxRunTime, job.ExpectedRunTime, job.HeartbeatTimeout, job.NotifyOnSuccess, job.Environment));
            }
        }

        var serviceDefinitions = new List<ServiceDefinition>(services.Count);
        foreach (var (name, service) in services)
        {
            var where = $"Service '{name}'";
            var before = errors.Count;
            if (service.MinimumHealthyInstances < 1)
            {
                errors.Add($"{where}: MinimumHealthyInstances must be at least 1 (was {service.MinimumHealthyInstances}).");
            }

            Positive(where, nameof(service.InstanceHeartbeatTimeout), service.InstanceHeartbeatTimeout, errors);
            if (errors.Count == before)
            {
                serviceDefinitions.Add(ServiceDefinition.From(name, service));
            }
        }

        return new MonitorDefinitions(jobDefinitions, serviceDefinitions);
    }

    private static JobSchedule? CompileSchedule(
        string where,
        MonitoredJobOptions job,
        Dictionary<string, CronExpression> crons,
        Dictionary<string, TimeZoneInfo> zones,
        List<string> errors)
    {
        if (job.Interval is { } interval)
        {
            if (job.Schedule is not null)
            {
                errors.Add($"{where}: set either Schedule or Interval, not both.");
            }

            if (job.TimeZone is not null)
            {
                errors.Add($"{where}: TimeZone applies to a cron Schedule only; an Interval needs none.");
            }

            Positive(where, nameof(job.Interval), interval, errors);
            return JobSchedule.Every(interval);
        }

        if (job.Schedule is not { } text)
        {
            if (job.TimeZone is not null)
            {
                errors.Add($"{where}: TimeZone is set but Schedule is not.");
            }

            return null;
        }

        var zone = FindZone(where, job.TimeZone, zones, errors);
        var cron = ParseCron(where, text, crons, errors);
        return cron is null || zone is null ? null : JobSchedule.Cron(cron, text, zone);
    }

    private static CronExpression? ParseCron(string where, string text, Dictionary<string, CronExpression> crons, List<string> errors)
    {
        if (crons.TryGetValue(text, out var cron))
        {
            return cron;
        }

        // Six fields carry seconds first; five (or a macro such as @daily) are standard.
        var format = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            cron = CronExpression.Parse(text, format);
            crons.Add(text, cron);
            return cron;
        }
        catch (CronFormatException ex)
        {
            errors.Add($"{where}: Schedule '{text}' is not a valid cron expression: {ex.Message}");
            return null;
        }
    }

    private static TimeZoneInfo? FindZone(string where, string? id, Dictionary<string, TimeZoneInfo> zones, List<string> errors)
    {
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        if (zones.TryGetValue(id, out var zone))
        {
            return zone;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            zones.Add(id, zone);
            return zone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"{where}: TimeZone '{id}' is not a time zone this machine knows: {ex.Message}");
            return null;
        }
    }

    private static void Positive(string where, string field, TimeSpan? value, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{where}: {field} must be positive (was {value}).");
        }
    }

    private static void NotNegative(string where, string field, TimeSpan value, List<string> errors)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{where}: {field} must not be negative (was {value}).");
        }
    }
}
