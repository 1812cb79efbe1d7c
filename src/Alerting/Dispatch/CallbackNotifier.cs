using Alerting.Notifiers;
using Alerting.Rules;
using Alerting.Dispatch.Internal;

namespace Alerting.Dispatch;

/// <summary>Runs a rule's host callback as a delivery, so it gets the same isolation, timeout and recording.</summary>
internal sealed class CallbackNotifier(Func<AlertCallbackContext, ValueTask> callback) : INotifier
{
    public const string ChannelName = "callback";

    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        await callback(new AlertCallbackContext(notification.Event, notification.RuleName ?? string.Empty, cancellationToken)).ConfigureAwait(false);
        return DeliveryResult.Delivered();
    }
}
