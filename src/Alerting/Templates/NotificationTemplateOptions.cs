namespace Alerting;

/// <summary>
/// Templates for the parts of a notification. Set on a channel (its defaults) or on a rule's action (overriding the
/// channel's). Anything left unset falls back to the channel's setting, then to the default for the event type.
/// </summary>
/// <remarks>Template syntax: <c>{name}</c>, <c>{attributes.region}</c>, <c>{timestamp:yyyy-MM-dd HH:mm}</c>, <c>{{</c> and <c>}}</c> for braces.</remarks>
public class NotificationTemplateOptions
{
    /// <summary>Gets or sets the title template (the e-mail subject, the chat header, PagerDuty's summary).</summary>
    /// <value>Defaults to <see langword="null"/>: the default title for the event type.</value>
    public string? Title { get; set; }

    /// <summary>Gets or sets the message template.</summary>
    /// <value>Defaults to <see langword="null"/>: the default message for the event type.</value>
    public string? Message { get; set; }

    /// <summary>Gets or sets the subject template, for channels that distinguish it from the title.</summary>
    /// <value>Defaults to <see langword="null"/>: channels use the title.</value>
    public string? Subject { get; set; }

    /// <summary>Gets or sets the rich body template (HTML for e-mail); substituted values are escaped for the channel.</summary>
    /// <value>Defaults to <see langword="null"/>: the channel builds its own body.</value>
    public string? Body { get; set; }

    /// <summary>
    /// Gets or sets the template of one alert's line in a grouped notification (a rule with <c>Incidents.GroupBy</c>),
    /// rendered for each alert of the group against that alert's event, with <c>{alert_state}</c> (<c>new</c>,
    /// <c>firing</c> or <c>resolved</c>). The lines make <c>{alerts}</c> in the other templates and each channel's own
    /// list (a Slack section per alert, an e-mail table row, SMS lines).
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: <c>[{alert_state:upper}] {source}: {message} ({severity})</c>.</value>
    public string? Alert { get; set; }

    /// <summary>Gets or sets a JSON payload template; keys and values may hold placeholders and the result is always valid JSON.</summary>
    /// <value>Defaults to <see langword="null"/>: the channel builds its own payload.</value>
    public string? Payload { get; set; }
}
