using Alerting.Incidents;
using Microsoft.Extensions.Logging;

namespace Alerting.Diagnostics;

/// <summary>Alerting's log messages (event ids 1000-1099 for dispatch). Messages never hold secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Debug, "Delivered {EventType} from {Source} to channel {ChannelName} (rule {RuleName}) in {Attempts} attempt(s).", EventName = "NotificationDelivered")]
    public static partial void NotificationDelivered(ILogger logger, string eventType, string source, string channelName, string? ruleName, int attempts);

    [LoggerMessage(1001, LogLevel.Warning, "Delivery of {EventType} from {Source} to channel {ChannelName} (rule {RuleName}) failed after {Attempts} attempt(s): {Reason}", EventName = "NotificationFailed")]
    public static partial void NotificationFailed(ILogger logger, string eventType, string source, string channelName, string? ruleName, int attempts, string? reason);

    [LoggerMessage(1002, LogLevel.Debug, "Attempt {Attempt} to deliver {EventType} to channel {ChannelName} failed transiently, retrying in {Delay}: {Reason}", EventName = "DeliveryRetrying")]
    public static partial void DeliveryRetrying(ILogger logger, int attempt, string eventType, string channelName, TimeSpan delay, string? reason);

    [LoggerMessage(1003, LogLevel.Warning, "The alert queue is full; dropped the oldest queued event {EventType} from {Source} (id {EventId}).", EventName = "EventDropped")]
    public static partial void EventDropped(ILogger logger, string eventType, string source, string eventId);

    [LoggerMessage(1004, LogLevel.Warning, "Rule {RuleName}'s conditions threw; the rule is treated as not matching {EventType} from {Source}.", EventName = "RuleConditionFailed")]
    public static partial void RuleConditionFailed(ILogger logger, Exception exception, string ruleName, string eventType, string source);

    [LoggerMessage(1005, LogLevel.Debug, "Alerting stopped before {EventType} from {Source} (id {EventId}) was dispatched; it is recorded as failed.", EventName = "EventNotDispatched")]
    public static partial void EventNotDispatched(ILogger logger, string eventType, string source, string eventId);

    [LoggerMessage(1006, LogLevel.Information, "Alerting started: {ChannelCount} channel(s), {RuleCount} rule(s).", EventName = "Started")]
    public static partial void Started(ILogger logger, int channelCount, int ruleCount);

    [LoggerMessage(1007, LogLevel.Information, "Alerting stopped: drained in {Elapsed}.", EventName = "Stopped")]
    public static partial void Stopped(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(1008, LogLevel.Error, "Notifier for channel {ChannelName} threw {ExceptionType}; treated as a transient failure.", EventName = "NotifierThrew")]
    public static partial void NotifierThrew(ILogger logger, string channelName, string exceptionType);

    [LoggerMessage(1009, LogLevel.Warning, "Could not raise delivery.failed for channel {ChannelName}: the queue did not accept it.", EventName = "DeliveryFailedNotRaised")]
    public static partial void DeliveryFailedNotRaised(ILogger logger, string channelName);

    [LoggerMessage(1010, LogLevel.Debug, "Cut the {Part} of a notification for channel {ChannelName} to {MaxLength} characters.", EventName = "Truncated")]
    public static partial void Truncated(ILogger logger, string part, string channelName, int maxLength);

    [LoggerMessage(1011, LogLevel.Error, "Rendering a notification for channel {ChannelName} (rule {RuleName}) failed.", EventName = "RenderFailed")]
    public static partial void RenderFailed(ILogger logger, Exception exception, string channelName, string? ruleName);

    [LoggerMessage(1012, LogLevel.Warning, "The outbox {Path} had {Count} line(s) that could not be read; they were skipped, the other events are dispatched, and the lines are kept in {RejectedPath}.", EventName = "OutboxLinesSkipped")]
    public static partial void OutboxLinesSkipped(ILogger logger, int count, string path, string rejectedPath);

    [LoggerMessage(1015, LogLevel.Debug, "Alerting stopped before {EventType} from {Source} was delivered to channel {ChannelName} (rule {RuleName}) after {Attempts} attempt(s): {Reason}", EventName = "NotificationAbandoned")]
    public static partial void NotificationAbandoned(ILogger logger, string eventType, string source, string channelName, string? ruleName, int attempts, string? reason);

    [LoggerMessage(1016, LogLevel.Warning, "Alerting stopped with {Count} notification(s) or event(s) undelivered when its drain timeout ({DrainTimeout}) ran out: {Losses}. They are recorded as failed (reason tag shutdown), and a delivery.failed per channel went to the rules that route it.{Outbox}", EventName = "StoppedWithLoss")]
    public static partial void StoppedWithLoss(ILogger logger, TimeSpan drainTimeout, int count, string losses, string outbox);

    [LoggerMessage(1017, LogLevel.Information, "Alerting's drain timeout ({DrainTimeout}) ran out: nothing new is routed or sent; requests already sent may still answer.", EventName = "DrainTimedOut")]
    public static partial void DrainTimedOut(ILogger logger, TimeSpan drainTimeout);

    [LoggerMessage(1014, LogLevel.Warning, "Skipped line {LineNumber} of the outbox {Path}: {Problem}.", EventName = "OutboxLineSkipped")]
    public static partial void OutboxLineSkipped(ILogger logger, int lineNumber, string path, string problem);

    [LoggerMessage(1013, LogLevel.Information, "The outbox {Path} held {Count} accepted event(s) not yet dispatched; they are dispatched again.", EventName = "OutboxRecovered")]
    public static partial void OutboxRecovered(ILogger logger, int count, string path);

    [LoggerMessage(1018, LogLevel.Information, "Configuration {Version} applied: {ChannelCount} channel(s), {RuleCount} rule(s); deliveries already queued finish on the configuration they started with.", EventName = "ConfigurationApplied")]
    public static partial void ConfigurationApplied(ILogger logger, int version, int channelCount, int ruleCount);

    [LoggerMessage(1019, LogLevel.Error, "A configuration change was rejected with {ProblemCount} problem(s); configuration {Version} keeps running: {Problems}", EventName = "ConfigurationRejected")]
    public static partial void ConfigurationRejected(ILogger logger, int problemCount, int version, string problems);

    [LoggerMessage(1030, LogLevel.Error, "The notification history store threw {ExceptionType} on an outcome; delivery goes on, the outcome is missing from the history.", EventName = "HistoryAppendFailed")]
    public static partial void HistoryAppendFailed(ILogger logger, string exceptionType);

    [LoggerMessage(1020, LogLevel.Error, "Incident step {StepKind} of incident {IncidentId} (rule {RuleName}) failed; it is dropped so the steps after it still run.", EventName = "IncidentStepFailed")]
    public static partial void IncidentStepFailed(ILogger logger, Exception exception, IncidentStepKind stepKind, string incidentId, string ruleName);

    [LoggerMessage(1023, LogLevel.Debug, "Warming up the HTTP stack at start-up failed ({ExceptionType}); the first notification loads it instead.", EventName = "WarmUpFailed")]
    public static partial void WarmUpFailed(ILogger logger, string exceptionType);

    [LoggerMessage(1021, LogLevel.Error, "Claiming the due incident steps failed; they are claimed again at the next wake-up.", EventName = "IncidentStepsUnclaimed")]
    public static partial void IncidentStepsUnclaimed(ILogger logger, Exception exception);

    [LoggerMessage(1022, LogLevel.Error, "Claiming the outbox's events failed; they are claimed again later (or at the next start).", EventName = "OutboxClaimFailed")]
    public static partial void OutboxClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(1026, LogLevel.Warning, "Checking the inhibitions of {EventType} from {Source} failed; it is not inhibited.", EventName = "InhibitionFailed")]
    public static partial void InhibitionFailed(ILogger logger, Exception exception, string eventType, string source);
}
