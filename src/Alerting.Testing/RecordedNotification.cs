using System.Globalization;
using Alerting.Notifiers;

namespace Alerting.Testing;

/// <summary>
/// One notification a recording channel was handed: what the real channel would have sent, rendered from the app's own
/// rules and templates, with every attempt Alerting made and what the channel answered each. The data is public, so any
/// test framework's asserts can look at it.
/// </summary>
public sealed class RecordedNotification
{
    private readonly object _lock = new();
    private readonly List<DeliveryResult> _answers = [];

    internal RecordedNotification(Notification notification, DateTimeOffset recordedAt, bool isRepeat)
    {
        Notification = notification;
        RecordedAt = recordedAt;
        IsRepeat = isRepeat;
    }

    /// <summary>Gets the notification as the channel got it on the first attempt.</summary>
    public Notification Notification { get; }

    /// <summary>Gets the channel's name.</summary>
    public string Channel => Notification.ChannelName;

    /// <summary>Gets what the notification asks the provider to do (trigger, resolve, acknowledge, update).</summary>
    public NotificationKind Kind => Notification.Kind;

    /// <summary>Gets the escalation level (1 for the first) that sent it, when an escalation policy did.</summary>
    public int? EscalationLevel => Notification.EscalationLevel;

    /// <summary>Gets whether an escalation level sent it.</summary>
    public bool IsEscalation => EscalationLevel is not null;

    /// <summary>
    /// Gets whether it is a trigger for an incident this channel already had a trigger for, not sent by an escalation
    /// level: a repeat after the rule's repeat interval, or a group's update with what is new and what resolved.
    /// </summary>
    public bool IsRepeat { get; }

    /// <summary>Gets the name of the rule that sent it (<see langword="null"/> for a test notification).</summary>
    public string? Rule => Notification.RuleName;

    /// <summary>Gets the rendered title.</summary>
    public string Title => Notification.Title;

    /// <summary>Gets the rendered message.</summary>
    public string Message => Notification.Message;

    /// <summary>Gets the rendered subject, when the action or channel has a subject template.</summary>
    public string? Subject => Notification.Subject;

    /// <summary>Gets the rendered body, when the action or channel has a body template.</summary>
    public string? Body => Notification.Body;

    /// <summary>Gets the rendered JSON payload, when the action or channel has a payload template.</summary>
    public string? Payload => Notification.Payload;

    /// <summary>Gets the event the notification is about (for an escalation or a resolve, the incident's opening event or its resolved copy).</summary>
    public AlertEvent Event => Notification.Event;

    /// <summary>Gets the severity it shows.</summary>
    public AlertSeverity Severity => Notification.Severity;

    /// <summary>Gets the dedup key the provider would get.</summary>
    public string DedupKey => Notification.DedupKey;

    /// <summary>Gets the incident it belongs to, when its rule tracks incidents.</summary>
    public string? IncidentId => Notification.IncidentId;

    /// <summary>Gets the alerts of a grouped notification (empty for a notification about one alert).</summary>
    public IReadOnlyList<NotificationAlert> Alerts => Notification.Alerts;

    /// <summary>Gets when the channel was handed it first, on the app's clock.</summary>
    public DateTimeOffset RecordedAt { get; }

    /// <summary>Gets what the channel answered each attempt, in order: the first answer is the first attempt's.</summary>
    public IReadOnlyList<DeliveryResult> Answers
    {
        get
        {
            lock (_lock)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>Gets how many attempts Alerting made (retries included).</summary>
    public int Attempts
    {
        get
        {
            lock (_lock)
            {
                return _answers.Count;
            }
        }
    }

    /// <summary>Gets whether the last attempt was answered as delivered.</summary>
    public bool IsDelivered
    {
        get
        {
            lock (_lock)
            {
                return _answers.Count > 0 && _answers[^1].IsDelivered;
            }
        }
    }

    /// <summary>One line: channel, kind, rule and title.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var kind = IsEscalation ? string.Create(CultureInfo.InvariantCulture, $"{Kind} (escalation level {EscalationLevel})") : IsRepeat ? $"{Kind} (repeat)" : Kind.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{Channel}: {kind} from rule {Rule ?? "(none)"}, attempts {Attempts}: \"{Title}\"");
    }

    internal void Answered(DeliveryResult answer)
    {
        lock (_lock)
        {
            _answers.Add(answer);
        }
    }

    /// <summary>Whether <paramref name="retry"/> is the next attempt of this notification.</summary>
    internal bool IsRetriedBy(Notification retry)
    {
        lock (_lock)
        {
            return ReferenceEquals(retry.Event, Notification.Event) && retry.Attempt == _answers.Count + 1 && retry.Kind == Kind &&
                   retry.RuleName == Rule && retry.EscalationLevel == EscalationLevel;
        }
    }
}
