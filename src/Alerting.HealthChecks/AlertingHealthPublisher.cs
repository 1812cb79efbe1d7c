using Alerting.HealthChecks.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerting.HealthChecks;

/// <summary>
/// Turns the changes of each check in the app's <see cref="HealthReport"/>s into events: <c>health.degraded</c> or
/// <c>health.unhealthy</c> when a check enters that state, <c>health.recovered</c> (resolved) when it is healthy again,
/// all with the dedup key <c>health:{check}</c>, so a rule's incident pages once per problem however long it lasts and
/// however often it moves between degraded and unhealthy. A report that changes nothing publishes nothing. The first
/// report is compared with healthy. A change Alerting does not accept (its queue full, or stopped) is published again
/// with the next report.
/// </summary>
internal sealed class AlertingHealthPublisher : IHealthCheckPublisher
{
    /// <summary>The prefix of the events' dedup key, before the check's name.</summary>
    internal const string DedupKeyPrefix = "health:";

    private readonly IAlertPublisher _publisher;
    private readonly AlertingHealthPublisherOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);

    public AlertingHealthPublisher(IAlertPublisher publisher, IOptions<AlertingHealthPublisherOptions> options, ILogger<AlertingHealthPublisher>? logger = null)
    {
        _publisher = publisher;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (name, entry) in report.Entries)
        {
            if (_options.Predicate is { } predicate && !predicate(name, entry))
            {
                continue;
            }

            HealthStatus previous;
            lock (_last)
            {
                previous = _last.GetValueOrDefault(name, HealthStatus.Healthy);
                if (previous == entry.Status)
                {
                    continue;
                }

                _last[name] = entry.Status; // before publishing: a report published meanwhile sees the change as made
            }

            var change = ChangeEvent(name, entry, previous);
            try
            {
                await _publisher.PublishAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                // AlertQueueFullException, or Alerting stopped: the change is published again with the next report.
                Forget(name, entry.Status, previous);
                HealthCheckLog.ChangeNotPublished(_logger, name, HealthStatusWords.Of(previous), HealthStatusWords.Of(entry.Status), change.Type, ex.GetType().Name);
                continue;
            }
            catch (OperationCanceledException)
            {
                Forget(name, entry.Status, previous);
                throw;
            }

            HealthCheckLog.ChangePublished(_logger, name, HealthStatusWords.Of(previous), HealthStatusWords.Of(entry.Status), change.Type);
        }
    }

    /// <summary>The event for a check's change from <paramref name="previous"/> to its entry's status.</summary>
    private AlertEvent ChangeEvent(string name, HealthReportEntry entry, HealthStatus previous)
    {
        var (type, severity, status) = entry.Status switch
        {
            HealthStatus.Healthy => (AlertEventTypes.HealthRecovered, AlertSeverity.Info, AlertStatus.Resolved),
            HealthStatus.Degraded => (AlertEventTypes.HealthDegraded, _options.DegradedSeverity, AlertStatus.Firing),
            _ => (AlertEventTypes.HealthUnhealthy, _options.UnhealthySeverity, AlertStatus.Firing),
        };
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["health_status"] = HealthStatusWords.Of(entry.Status),
            ["previous_health_status"] = HealthStatusWords.Of(previous),
            ["duration"] = entry.Duration,
            ["tags"] = entry.Tags.Order(StringComparer.Ordinal).ToArray(),
        };
        var description = PublishableDescription(entry);
        if (description is not null)
        {
            attributes["description"] = description;
        }

        string? message = description;
        if (entry.Exception is { } exception)
        {
            attributes["exception_type"] = exception.GetType().FullName ?? exception.GetType().Name;
            message ??= exception.GetType().Name + " thrown.";
        }

        return new AlertEvent(type, name, severity, message)
        {
            Status = status,
            DedupKey = DedupKeyPrefix + name,
            Attributes = attributes,
        };
    }

    /// <summary>
    /// The entry's description, unless it carries its exception's message (a check that throws gets that message as its
    /// description, and many checks quote it): exception messages may hold connection strings, URLs or tokens, so only the
    /// exception's type is published.
    /// </summary>
    private static string? PublishableDescription(HealthReportEntry entry) =>
        string.IsNullOrWhiteSpace(entry.Description) ||
        (entry.Exception is { Message: { Length: > 0 } thrown } && entry.Description.Contains(thrown, StringComparison.Ordinal))
            ? null
            : entry.Description;

    /// <summary>Takes back a change that was not published, unless a later report changed the check meanwhile.</summary>
    private void Forget(string name, HealthStatus status, HealthStatus previous)
    {
        lock (_last)
        {
            if (_last.GetValueOrDefault(name, HealthStatus.Healthy) == status)
            {
                _last[name] = previous;
            }
        }
    }
}
