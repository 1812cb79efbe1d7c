using Microsoft.Extensions.Logging;

namespace Alerting.Monitoring.Internal;

/// <summary>The monitor's log messages (event ids 1300-1399).</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(1300, LogLevel.Information, "Monitoring started: {JobCount} job(s) and {ServiceCount} service(s) registered.", EventName = "MonitoringStarted")]
    public static partial void Started(ILogger logger, int jobCount, int serviceCount);

    [LoggerMessage(1301, LogLevel.Debug, "Raised {EventType} ({Status}) for {Source}.", EventName = "MonitorEventRaised")]
    public static partial void Raised(ILogger logger, string eventType, AlertStatus status, string source);

    [LoggerMessage(1302, LogLevel.Warning, "Could not raise {EventType} for {Source}: the publisher threw {ExceptionType}.", EventName = "MonitorEventNotRaised")]
    public static partial void NotRaised(ILogger logger, string eventType, string source, string exceptionType);

    [LoggerMessage(1303, LogLevel.Warning, "Could not check service {Service}: the service health store threw {ExceptionType}; it is checked again after its instance timeout.", EventName = "ServiceNotChecked")]
    public static partial void NotJudged(ILogger logger, string service, string exceptionType);

    [LoggerMessage(1304, LogLevel.Warning, "Could not {Operation} {Job} in the job run store: it threw {ExceptionType}; decided on what this instance knows (a deadline event is raised).", EventName = "JobRunStoreFailed")]
    public static partial void RunStoreFailed(ILogger logger, string operation, string job, string exceptionType);

    [LoggerMessage(1305, LogLevel.Information, "Raised {Deadlines} for run {RunId} of {Job}, which runs on {Replica}: that instance did not claim it within a poll interval of its time.", EventName = "JobRunTakenOver")]
    public static partial void TookOver(ILogger logger, JobRunDeadlines deadlines, string runId, string job, string replica);
}
