namespace Alerting.Notifiers;

/// <summary>
/// Delivers rendered notifications for one kind of channel (PagerDuty, e-mail, your chat tool...).
/// One instance serves one channel and is given that channel's options (and, when its constructor asks for one,
/// the channel's named <see cref="HttpClient"/>).
/// </summary>
/// <remarks>
/// Register an implementation with <see cref="AlertingBuilder.AddNotifier{TNotifier, TOptions}(string, Action{TOptions}?)"/>.
/// Report provider failures through the returned <see cref="DeliveryResult"/>, not by throwing: Alerting retries
/// transient failures per the channel's retry policy and records permanent ones. An exception is still caught,
/// recorded and treated as a transient failure, so a bug in a notifier never reaches the code that published the event.
/// </remarks>
public interface INotifier
{
    /// <summary>Gets what this notifier can show and the limits its provider enforces.</summary>
    /// <value>Defaults to <see cref="NotifierCapabilities.PlainText"/>.</value>
    NotifierCapabilities Capabilities => NotifierCapabilities.PlainText;

    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">The rendered notification.</param>
    /// <param name="cancellationToken">Signalled when the channel's timeout expires or the application stops.</param>
    /// <returns>The outcome: delivered, or failed transiently or permanently with the provider's reason.</returns>
    ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken);
}
