using System.Diagnostics;
using System.Runtime.CompilerServices;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Microsoft.Extensions.Logging;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// Delivers one queued notification: renders it, calls the notifier under the channel's timeout, retries retryable
/// failures per the channel's one retry policy (<see cref="RetryDelay"/>; the only place attempts are made and counted),
/// and records the final outcome. Nothing a notifier does (throwing, hanging, returning null) escapes from here. Stopping ends the
/// waits (<paramref name="stopWaiting"/>: retries, rate limits) before it ends a call already made (<paramref name="abort"/>).
/// The caller counts the delivery as running <paramref name="work"/>; its waits for the clock count as waiting for time.
/// </summary>
internal sealed class DeliveryProcessor(
    OutcomeRecorder recorder, AlertingMetrics metrics, TimeProvider time, ILogger logger, BackgroundWork work, CancellationToken stopWaiting, CancellationToken abort)
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask DeliverAsync(Delivery delivery, WorkerSlot slot)
    {
        var channel = delivery.Channel;
        var started = time.GetTimestamp();
        Notification notification;
        try
        {
            notification = NotificationRenderer.Render(delivery, logger);
        }
#pragma warning disable CA1031 // A value's ToString may throw anything: that fails this delivery, never the channel's worker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RenderFailed(logger, ex, channel.Name, delivery.Action.Rule.Name);
            recorder.Failed(delivery, $"Rendering failed: {ex.GetType().Name}.", DeliveryReasonTags.Render, 0, time.GetElapsedTime(started));
            return;
        }

        var retry = channel.Options.Retry;
        var maxAttempts = channel.Capabilities.RetriesInternally ? 1 : Math.Max(1, retry.MaxAttempts);
        var attempts = 0;
        IReadOnlyList<RecipientResult> recipients = [];
        string? lastReason = null;
        for (var attempt = 1; ; attempt++)
        {
            if (!await TakePermitAsync(channel).ConfigureAwait(false))
            {
                recorder.Failed(delivery, "Alerting stopped while the notification waited for the channel's rate limit.", DeliveryReasonTags.Shutdown, attempts, time.GetElapsedTime(started), notification.Title);
                return;
            }

            var (result, reasonTag) = await AttemptAsync(channel, attempt == 1 ? notification : notification.ForAttempt(attempt, recipients), delivery, slot).ConfigureAwait(false);
            var made = AttemptsMade(result, recipients);
            metrics.AttemptsMade(channel.Name, made);
            attempts += made;
            recipients = result.Recipients;
            if (result.IsDelivered)
            {
                recorder.Delivered(delivery, notification, attempts, time.GetElapsedTime(started), recipients);
                return;
            }

            if (!result.IsRetryable || attempt >= maxAttempts || reasonTag == DeliveryReasonTags.Shutdown)
            {
                var reason = result.Reason ?? result.Status.ToString();
                if (made == 0 && lastReason is not null)
                {
                    reason = $"{reason}; last attempt: {lastReason}";
                }

                recorder.Failed(delivery, reason, reasonTag ?? DeliveryReasonTags.Permanent, attempts, time.GetElapsedTime(started), notification.Title, recipients);
                return;
            }

            lastReason = result.Reason;
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
            var delay = RetryDelay.Next(retry, attempt, result.RetryAfter, Random.Shared.NextDouble());
#pragma warning restore CA5394
            Log.DeliveryRetrying(logger, attempt, notification.Event.Type, channel.Name, delay, result.Reason);
            try
            {
                await work.WaitForTimeAsync(delay, time, stopWaiting).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                recorder.Failed(delivery, $"Alerting stopped while waiting to retry; last attempt: {result.Reason}", DeliveryReasonTags.Shutdown, attempts, time.GetElapsedTime(started), notification.Title, recipients);
                return;
            }
        }
    }

    /// <summary>
    /// The attempts an attempt's result adds: its own count, or, on a retry of a notification sent to each recipient
    /// separately, what it adds to the recipients' totals (the recipients not sent to again came back unchanged).
    /// </summary>
    internal static int AttemptsMade(DeliveryResult result, IReadOnlyList<RecipientResult> previous)
    {
        if (previous.Count == 0 || previous.Count != result.Recipients.Count)
        {
            return result.Attempts;
        }

        var before = 0;
        for (var i = 0; i < previous.Count; i++)
        {
            before += previous[i].Attempts;
        }

        return Math.Max(0, result.Attempts - before);
    }

    /// <summary>Waits for the channel's rate limit, before (never inside) the attempt's timeout; false when Alerting stops meanwhile.</summary>
    private async ValueTask<bool> TakePermitAsync(DeliveryChannel channel)
    {
        if (channel.RateLimit is not { } bucket)
        {
            return true;
        }

        try
        {
            var wait = await bucket.ReserveAsync(stopWaiting).ConfigureAwait(false);
            if (wait > TimeSpan.Zero)
            {
                await work.WaitForTimeAsync(wait, time, stopWaiting).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(DeliveryResult Result, string? ReasonTag)> AttemptAsync(DeliveryChannel channel, Notification notification, Delivery delivery, WorkerSlot slot)
    {
        using var activity = StartActivity(channel, notification, delivery);
        var outcome = await InvokeAsync(channel, notification, slot).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag(AlertingTelemetryTags.Outcome, outcome.Result.Status.ToString());
            activity.SetTag("alerting.recoverable", outcome.Result.Status == DeliveryStatus.TransientFailure);
            if (!outcome.Result.IsDelivered)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome.ReasonTag);
            }
        }

        return outcome;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(DeliveryResult Result, string? ReasonTag)> InvokeAsync(DeliveryChannel channel, Notification notification, WorkerSlot slot)
    {
        var wait = TimerLimit.ForTimer(channel.Options.Timeout);
        try
        {
            var pending = channel.Notifier.SendAsync(notification, slot.Token);
            var result = pending.IsCompletedSuccessfully
                ? pending.Result
                : await pending.AsTask().WaitAsync(wait, time, abort).ConfigureAwait(false);
            return result is null
                ? (DeliveryResult.Transient("The notifier returned no result."), DeliveryReasonTags.Exception)
                : (result, TagFor(result));
        }
        catch (TimeoutException)
        {
            slot.CancelAndRenew();
            return (DeliveryResult.Transient($"Timed out after {channel.Options.Timeout}."), DeliveryReasonTags.Timeout);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return (DeliveryResult.Transient("Alerting's stop ended the attempt before the provider answered; it may have been delivered."), DeliveryReasonTags.Shutdown);
        }
        catch (Exception ex)
        {
            // Only the type: a notifier's exception message may carry a URL or a token.
            Log.NotifierThrew(logger, channel.Name, ex.GetType().FullName ?? ex.GetType().Name);
            return (DeliveryResult.Transient($"The notifier threw {ex.GetType().Name}."), DeliveryReasonTags.Exception);
        }
    }

    private static string? TagFor(DeliveryResult result) => result.Status switch
    {
        DeliveryStatus.Delivered => null,
        DeliveryStatus.TransientFailure => DeliveryReasonTags.Transient,
        _ => DeliveryReasonTags.Permanent,
    };

    private static Activity? StartActivity(DeliveryChannel channel, Notification notification, in Delivery delivery)
    {
        var source = AlertingActivitySource.Instance;
        if (!source.HasListeners())
        {
            return null;
        }

        var activity = source.StartActivity("alerting.deliver", ActivityKind.Client, delivery.Envelope.Parent);
        activity?.SetTag(AlertingTelemetryTags.Channel, channel.Name);
        activity?.SetTag(AlertingTelemetryTags.EventType, notification.Event.Type);
        activity?.SetTag(AlertingTelemetryTags.Severity, AlertingMetrics.SeverityTag(notification.Severity));
        activity?.SetTag(AlertingTelemetryTags.Attempt, notification.Attempt);
        return activity;
    }
}
