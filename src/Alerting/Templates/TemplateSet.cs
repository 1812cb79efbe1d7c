namespace Alerting.Templates;

/// <summary>The compiled templates of an action (its own, else its channel's); null parts fall back to defaults.</summary>
internal sealed class TemplateSet
{
    public static TemplateSet Empty { get; } = new();

    public MessageTemplate? Title { get; init; }

    public MessageTemplate? Message { get; init; }

    public MessageTemplate? Subject { get; init; }

    public MessageTemplate? Body { get; init; }

    public JsonTemplate? Payload { get; init; }

    /// <summary>The line of one alert in a grouped notification.</summary>
    public MessageTemplate? Alert { get; init; }

    /// <summary>This set's templates, with the parts it leaves unset taken from <paramref name="fallback"/>.</summary>
    public TemplateSet Over(TemplateSet fallback) => new()
    {
        Title = Title ?? fallback.Title,
        Message = Message ?? fallback.Message,
        Subject = Subject ?? fallback.Subject,
        Body = Body ?? fallback.Body,
        Payload = Payload ?? fallback.Payload,
        Alert = Alert ?? fallback.Alert,
    };
}
