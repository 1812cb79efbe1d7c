using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Alerting.Notifiers;

namespace Alerting.Testing;

/// <summary>
/// A channel of the app replaced by a recording channel: what it was handed, and how it answers. It answers
/// "delivered" unless told to fail (<see cref="FailTransiently"/>, <see cref="FailPermanently"/>,
/// <see cref="FailWithRetryAfter"/>, <see cref="Answer"/>), once, a number of times or until <see cref="Reset"/>; answers
/// queued one after the other are given in that order, one per attempt.
/// </summary>
/// <remarks>Safe to use from any thread while Alerting delivers.</remarks>
public sealed class RecordedChannel
{
    /// <summary>The number of times that makes an answer stand until <see cref="Reset"/>.</summary>
    public const int UntilReset = int.MaxValue;

    private readonly object _lock = new();
    private readonly List<RecordedNotification> _notifications = [];
    private readonly LinkedList<(DeliveryResult Answer, int Times)> _answers = [];

    internal RecordedChannel(string name)
    {
        Name = name;
    }

    /// <summary>Gets the channel's name.</summary>
    public string Name { get; }

    /// <summary>Gets every notification the channel was handed, in order; a retry is an attempt of the notification it retries, not another.</summary>
    public IReadOnlyList<RecordedNotification> Notifications
    {
        get
        {
            lock (_lock)
            {
                return [.. _notifications];
            }
        }
    }

    /// <summary>The notifications of one kind, in order.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The notifications, escalations included for <see cref="NotificationKind.Trigger"/>.</returns>
    public IReadOnlyList<RecordedNotification> OfKind(NotificationKind kind) => [.. Notifications.Where(n => n.Kind == kind)];

    /// <summary>The one notification the channel was handed.</summary>
    /// <returns>The notification.</returns>
    /// <exception cref="AlertingAssertionException">It was handed none or several; the message lists them.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named as LINQ's Single: the one element, or an exception.")]
    public RecordedNotification Single() => SingleWhere(_ => true, "notification");

    /// <summary>The one notification of <paramref name="kind"/> the channel was handed, escalations included for a trigger.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The notification.</returns>
    /// <exception cref="AlertingAssertionException">It was handed none or several of that kind; the message lists what it was handed.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named as LINQ's Single: the one element, or an exception.")]
    public RecordedNotification Single(NotificationKind kind) => SingleWhere(n => n.Kind == kind, $"{kind} notification");

    /// <summary>The one notification an escalation level sent the channel.</summary>
    /// <param name="level">The level, 1 for the first; any level when <see langword="null"/>.</param>
    /// <returns>The notification.</returns>
    /// <exception cref="AlertingAssertionException">It was sent none or several; the message lists what it was handed.</exception>
    public RecordedNotification SingleEscalation(int? level = null) =>
        SingleWhere(
            n => n.IsEscalation && (level is null || n.EscalationLevel == level),
            level is { } l ? string.Create(CultureInfo.InvariantCulture, $"escalation of level {l}") : "escalation");

    /// <summary>Throws unless the channel was handed nothing.</summary>
    /// <exception cref="AlertingAssertionException">It was handed something; the message lists what.</exception>
    public void AssertNothingSent()
    {
        var all = Notifications;
        if (all.Count > 0)
        {
            throw new AlertingAssertionException($"Expected channel '{Name}' to be sent nothing, but it was handed {Describe(all)}");
        }
    }

    /// <summary>Answers the next <paramref name="times"/> attempts with a transient failure, which Alerting retries per the channel's <c>Retry</c> options.</summary>
    /// <param name="times">How many attempts, or <see cref="UntilReset"/>.</param>
    /// <param name="reason">The provider's reason.</param>
    /// <returns>This channel.</returns>
    public RecordedChannel FailTransiently(int times = 1, string reason = "The recording channel answered with a transient failure.") =>
        Answer(DeliveryResult.Transient(reason), times);

    /// <summary>Answers the next <paramref name="times"/> attempts with a permanent failure, which Alerting does not retry: the delivery fails and raises <c>delivery.failed</c>.</summary>
    /// <param name="times">How many attempts, or <see cref="UntilReset"/>.</param>
    /// <param name="reason">The provider's reason.</param>
    /// <returns>This channel.</returns>
    public RecordedChannel FailPermanently(int times = 1, string reason = "The recording channel answered with a permanent failure.") =>
        Answer(DeliveryResult.Permanent(reason), times);

    /// <summary>Answers the next <paramref name="times"/> attempts as a throttling provider does: a transient failure asking to wait <paramref name="retryAfter"/>, which Alerting waits (capped by the channel's <c>Retry.MaxDelay</c>) before it retries.</summary>
    /// <param name="retryAfter">The wait the provider asks for.</param>
    /// <param name="times">How many attempts, or <see cref="UntilReset"/>.</param>
    /// <param name="reason">The provider's reason.</param>
    /// <returns>This channel.</returns>
    public RecordedChannel FailWithRetryAfter(TimeSpan retryAfter, int times = 1, string reason = "HTTP 429: the recording channel asked to retry later.") =>
        Answer(DeliveryResult.Transient(reason, retryAfter), times);

    /// <summary>Answers the next <paramref name="times"/> attempts with <paramref name="answer"/>, after the answers already queued.</summary>
    /// <param name="answer">The answer, such as <see cref="DeliveryResult.NotRetried"/> or a <see cref="DeliveryResult.ForRecipients"/> breakdown.</param>
    /// <param name="times">How many attempts, or <see cref="UntilReset"/>.</param>
    /// <returns>This channel.</returns>
    public RecordedChannel Answer(DeliveryResult answer, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_lock)
        {
            _answers.AddLast((answer, times));
        }

        return this;
    }

    /// <summary>Drops the answers queued: every attempt from now on is delivered.</summary>
    /// <returns>This channel.</returns>
    public RecordedChannel Reset()
    {
        lock (_lock)
        {
            _answers.Clear();
        }

        return this;
    }

    /// <summary>Forgets the notifications recorded so far (the answers queued stay).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _notifications.Clear();
        }
    }

    /// <summary>One line per notification.</summary>
    /// <returns>The channel's name and what it was handed.</returns>
    public override string ToString() => $"{Name}: {Describe(Notifications)}";

    /// <summary>Records an attempt and gives the channel's answer to it.</summary>
    internal RecordedNotification Record(Notification notification, DateTimeOffset now, out DeliveryResult answer)
    {
        lock (_lock)
        {
            var recorded = notification.Attempt > 1 ? _notifications.FindLast(n => n.IsRetriedBy(notification)) : null;
            if (recorded is null)
            {
                var repeat = notification is { Kind: NotificationKind.Trigger, EscalationLevel: null, IncidentId: { } incident } &&
                    _notifications.Exists(n => n is { Kind: NotificationKind.Trigger, IsEscalation: false } && n.IncidentId == incident);
                recorded = new RecordedNotification(notification, now, repeat);
                _notifications.Add(recorded);
            }

            answer = NextAnswer();
            recorded.Answered(answer);
            return recorded;
        }
    }

    private DeliveryResult NextAnswer()
    {
        if (_answers.First is not { } first)
        {
            return DeliveryResult.Delivered();
        }

        var (answer, times) = first.Value;
        if (times != UntilReset)
        {
            if (times == 1)
            {
                _answers.RemoveFirst();
            }
            else
            {
                first.Value = (answer, times - 1);
            }
        }

        return answer;
    }

    private RecordedNotification SingleWhere(Func<RecordedNotification, bool> predicate, string what)
    {
        var all = Notifications;
        var matching = all.Where(predicate).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new AlertingAssertionException(string.Create(
                CultureInfo.InvariantCulture,
                $"Expected channel '{Name}' to be sent one {what}, but it was sent {matching.Count}. It was handed {Describe(all)}"));
    }

    private static string Describe(IReadOnlyList<RecordedNotification> notifications) =>
        notifications.Count == 0
            ? "nothing."
            : string.Create(CultureInfo.InvariantCulture, $"{notifications.Count}:{string.Concat(notifications.Select(n => $"{Environment.NewLine}  - {n}"))}");
}
