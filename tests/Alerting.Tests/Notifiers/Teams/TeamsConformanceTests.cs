using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Teams;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Teams;

/// <summary>
/// Teams under the shared notifier contract: a Workflows webhook (its secret is the <c>sig</c> query value) and a legacy
/// connector (its secret is the URL's path; throttling and other errors come in 200 bodies).
/// </summary>
[TestFixture(TeamsFormat.AdaptiveCard)]
[TestFixture(TeamsFormat.MessageCard)]
public class TeamsConformanceTests(TeamsFormat format) : NotifierConformanceTests<TeamsNotifier>
{
    private const string Signature = "s3cr3tS1gnatureXYZ";
    private const string WorkflowsUrl = "https://prod-00.westeurope.logic.azure.com/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + Signature;
    private const string LegacyPath = "/webhookb2/1234@5678/IncomingWebhook/abcdef0123456789/" + Signature;
    private const string LegacyUrl = "https://contoso.webhook.office.com" + LegacyPath;
    private const string ContextId = " with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef";

    private bool IsLegacy => format == TeamsFormat.MessageCard;

    private protected override IReadOnlyList<string> Secrets => IsLegacy ? [LegacyPath, Signature] : [Signature];

    private protected override IEnumerable<ProviderAnswer> ProviderAnswers => IsLegacy
        ?
        [
            new("200 with 1", ProviderAnswer.Status(HttpStatusCode.OK, "1"), DeliveryStatus.Delivered),
            new("200 with HTTP error 429", ProviderAnswer.Status(HttpStatusCode.OK, LegacyError(429)), DeliveryStatus.TransientFailure, "HTTP 429: "),
            new("200 with HTTP error 413", ProviderAnswer.Status(HttpStatusCode.OK, LegacyError(413)), DeliveryStatus.PermanentFailure, "HTTP 413: "),
            new("200 with HTTP error 502", ProviderAnswer.Status(HttpStatusCode.OK, LegacyError(502)), DeliveryStatus.TransientFailure, "HTTP 502: "),
        ]
        :
        [
            new("202 accepted", ProviderAnswer.Status(HttpStatusCode.Accepted), DeliveryStatus.Delivered),
            new("200", ProviderAnswer.Status(HttpStatusCode.OK), DeliveryStatus.Delivered),
            new("204", ProviderAnswer.Status(HttpStatusCode.NoContent), DeliveryStatus.Delivered),
            new("200 with a legacy error text (not read for Workflows)", ProviderAnswer.Status(HttpStatusCode.OK, LegacyError(429)), DeliveryStatus.Delivered),
            new("413 card too large", ProviderAnswer.Status(HttpStatusCode.RequestEntityTooLarge, "Request entity too large"), DeliveryStatus.PermanentFailure, "HTTP 413: Request entity too large"),
            new("429 with Retry-After", () => ChannelProbe.Answer(HttpStatusCode.TooManyRequests, retryAfter: "1"), DeliveryStatus.TransientFailure, "HTTP 429"),
        ];

    private protected override Func<SentRequest, string> SentTitle => r => IsLegacy ? Text(r.Json, "title") : CardText(r, 0);

    private protected override Func<SentRequest, string>? SentMessage => r => IsLegacy ? Text(r.Json, "text") : CardText(r, 1);

    private protected override ConformanceChannel<TeamsNotifier> CreateChannel()
    {
        var url = IsLegacy ? LegacyUrl : WorkflowsUrl;
        var options = new TeamsOptions { WebhookUrl = new Uri(url), Format = format, Http = HttpRig.Quick() };
        return new(options, options.WebhookUrl!.AbsoluteUri, (client, clock, logs) => new TeamsNotifier(options, client, clock, logs));
    }

    private protected override HttpResponseMessage Accepted() => IsLegacy ? ChannelProbe.Answer(HttpStatusCode.OK, "1") : ChannelProbe.Answer(HttpStatusCode.Accepted);

    private protected override HttpResponseMessage Failure(int status, string detail) => ChannelProbe.Answer((HttpStatusCode)status, detail);

    private static string CardText(SentRequest request, int block) =>
        Text(request.Json.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[block], "text");

    private static string LegacyError(int status) => $"Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error {status}{ContextId}";

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
