namespace Alerting.Notifiers.Webhook;

/// <summary>How a webhook channel encodes its request body.</summary>
public enum WebhookBodyFormat
{
    /// <summary><c>application/json; charset=utf-8</c>: the channel's or action's <c>Payload</c> template, or the whole event (with the alerts of a grouped notification).</summary>
    Json = 0,

    /// <summary><c>application/x-www-form-urlencoded</c>: the <see cref="WebhookOptions.FormFields"/>, or the event's main fields.</summary>
    Form = 1,
}
