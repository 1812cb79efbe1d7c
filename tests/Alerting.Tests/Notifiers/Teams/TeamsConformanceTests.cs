using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Teams;
using Alerting.Testing;

namespace Alerting.Tests.Notifiers.Teams;

/// <summary>
/// Teams through the public notifier conformance suite: a Workflows webhook (its secret is the <c>sig</c> query value)
/// and a legacy connector (its secret is the URL's path; throttling and other errors come in 200 bodies).
/// </summary>
[TestFixture]
public class TeamsConformanceTests
{
    private const string Signature = "s3cr3tS1gnatureXYZ";
    private const string WorkflowsUrl = "https://prod-00.westeurope.logic.azure.com/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + Signature;
    private const string LegacyPath = "/webhookb2/1234@5678/IncomingWebhook/abcdef0123456789/" + Signature;
    private const string LegacyUrl = "https://contoso.webhook.office.com" + LegacyPath;
    private const string ContextId = " with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef";

    [TestCaseSource(nameof(WorkflowsCases))]
    public Task Workflows(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    [TestCaseSource(nameof(LegacyConnectorCases))]
    public Task LegacyConnector(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    private static IEnumerable<NotifierConformanceCase> WorkflowsCases() => Suite(
        TeamsFormat.AdaptiveCard,
        WorkflowsUrl,
        [Signature],
        () => ProviderAnswer.Response(HttpStatusCode.Accepted),
        [
            new("202 accepted", () => ProviderAnswer.Response(HttpStatusCode.Accepted), DeliveryStatus.Delivered),
            new("200", () => ProviderAnswer.Response(HttpStatusCode.OK), DeliveryStatus.Delivered),
            new("204", () => ProviderAnswer.Response(HttpStatusCode.NoContent), DeliveryStatus.Delivered),
            new("200 with a legacy error text (not read for Workflows)", () => ProviderAnswer.Response(HttpStatusCode.OK, LegacyError(429)), DeliveryStatus.Delivered),
            new("413 card too large", () => ProviderAnswer.Response(HttpStatusCode.RequestEntityTooLarge, "Request entity too large"), DeliveryStatus.PermanentFailure, "HTTP 413: Request entity too large"),
            new("429 with Retry-After", () => ProviderAnswer.Response(HttpStatusCode.TooManyRequests, retryAfter: "1"), DeliveryStatus.TransientFailure, "HTTP 429"),
        ]);

    private static IEnumerable<NotifierConformanceCase> LegacyConnectorCases() => Suite(
        TeamsFormat.MessageCard,
        LegacyUrl,
        [LegacyPath, Signature],
        () => ProviderAnswer.Response(HttpStatusCode.OK, "1"),
        [
            new("200 with 1", () => ProviderAnswer.Response(HttpStatusCode.OK, "1"), DeliveryStatus.Delivered),
            new("200 with HTTP error 429", () => ProviderAnswer.Response(HttpStatusCode.OK, LegacyError(429)), DeliveryStatus.TransientFailure, "HTTP 429: "),
            new("200 with HTTP error 413", () => ProviderAnswer.Response(HttpStatusCode.OK, LegacyError(413)), DeliveryStatus.PermanentFailure, "HTTP 413: "),
            new("200 with HTTP error 502", () => ProviderAnswer.Response(HttpStatusCode.OK, LegacyError(502)), DeliveryStatus.TransientFailure, "HTTP 502: "),
        ]);

    private static IEnumerable<NotifierConformanceCase> Suite(TeamsFormat format, string url, string[] secrets, Func<HttpResponseMessage> accepted, ProviderAnswer[] answers)
    {
        var options = new TeamsOptions { WebhookUrl = new Uri(url), Format = format };
        var legacy = format == TeamsFormat.MessageCard;
        return new NotifierConformance(new NotifierConformanceSetup
        {
            Name = $"Teams {format}",
            NotifierOptions = options,
            Endpoint = options.WebhookUrl,
            CreateNotifier = c => new TeamsNotifier(options, c.Http, c.Time, c.LoggerFactory),
            Secrets = secrets,
            Accepted = accepted,
            Failure = (status, detail) => ProviderAnswer.Response((HttpStatusCode)status, detail),
            DocumentedAnswers = answers,
            SentTitle = r => legacy ? Text(r.Json, "title") : CardText(r, 0),
            SentMessage = r => legacy ? Text(r.Json, "text") : CardText(r, 1),
        }).Cases;
    }

    private static string CardText(SentRequest request, int block) =>
        Text(request.Json.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[block], "text");

    private static string LegacyError(int status) => $"Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error {status}{ContextId}";

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
