using Alerting.Notifiers.Http;
using Alerting.Templates;

namespace Alerting.Notifiers.Webhook.Internal;

/// <summary>The channel's templates, parsed once.</summary>
internal sealed class WebhookTemplates
{
    private static readonly KeyValuePair<string, string>[] s_defaultFormFields =
    [
        new("type", "{type}"),
        new("source", "{source}"),
        new("severity", "{severity}"),
        new("status", "{status}"),
        new("timestamp", "{timestamp:O}"),
        new("title", "{title}"),
        new("message", "{message}"),
        new("dedup_key", "{dedup_key}"),
    ];

    private WebhookTemplates(MessageTemplate url, IReadOnlyList<(string Name, MessageTemplate Value)> headers, IReadOnlyList<(string Name, MessageTemplate Value)> formFields)
    {
        Url = url;
        Headers = headers;
        FormFields = formFields;
    }

    public MessageTemplate Url { get; }

    public IReadOnlyList<(string Name, MessageTemplate Value)> Headers { get; }

    public IReadOnlyList<(string Name, MessageTemplate Value)> FormFields { get; }

    /// <summary>Parses every template, adding a message per problem (never quoting the URL); null when there was one.</summary>
    public static WebhookTemplates? TryCompile(WebhookOptions options, List<string> errors)
    {
        var before = errors.Count;
        MessageTemplate? url = null;
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            errors.Add("Url is required (from configuration, user secrets or an environment variable when it holds a token).");
        }
        else if (!MessageTemplate.TryParse(options.Url, out url, out var error))
        {
            errors.Add($"Url: {error.Message}");
        }
        else if (!StartsWithScheme(options.Url, Uri.UriSchemeHttps) && !(options.Http?.AllowInsecureHttp == true && StartsWithScheme(options.Url, Uri.UriSchemeHttp)))
        {
            errors.Add("Url must be an absolute https URL; set Http.AllowInsecureHttp to allow http, for tests on loopback.");
        }

        var headers = Compile("Headers", options.Headers, errors);
        var fields = Compile("FormFields", options.FormFields is { Count: > 0 } given ? given : s_defaultFormFields, errors);
        return errors.Count == before ? new WebhookTemplates(url!, headers, fields) : null;
    }

    private static bool StartsWithScheme(string url, string scheme) =>
        url.StartsWith(scheme + "://", StringComparison.OrdinalIgnoreCase) && url.Length > scheme.Length + 3;

    private static List<(string, MessageTemplate)> Compile(string field, IEnumerable<KeyValuePair<string, string>>? entries, List<string> errors)
    {
        var compiled = new List<(string, MessageTemplate)>();
        foreach (var (name, text) in entries ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{field}: a name is empty.");
            }
            else if (HttpOptionsValidation.Template($"{field}[{name}]", text ?? string.Empty, errors) is { } template)
            {
                compiled.Add((name, template));
            }
        }

        return compiled;
    }
}
