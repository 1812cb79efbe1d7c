using System.Net;
using Alerting.Notifiers;
using Alerting.Notifiers.Webhook;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Webhook;

/// <summary>
/// The generic webhook under the shared notifier contract, with every kind of secret it can carry: a token in the URL's
/// path, a bearer token in a configured header and a Standard Webhooks signing secret. It declares no length limits.
/// </summary>
[TestFixture]
public class WebhookConformanceTests : NotifierConformanceTests<WebhookNotifier>
{
    private const string PathToken = "t0k3n-in-path";
    private const string Url = "https://hooks.example.com/alerts/" + PathToken;
    private const string BearerToken = "hdr-s3cr3t-b3arer";

    /// <summary>
    /// Gets the secrets, including the forms a provider may echo on their own: the path's token segment and the bearer
    /// token without its scheme (both were once quoted in reasons).
    /// </summary>
    private protected override IReadOnlyList<string> Secrets => ["/alerts/" + PathToken, PathToken, "Bearer " + BearerToken, BearerToken, WebhookNotifierTests.Secret];

    private protected override IEnumerable<ProviderAnswer> ProviderAnswers =>
    [
        new("200", ProviderAnswer.Status(HttpStatusCode.OK), DeliveryStatus.Delivered),
        new("201", ProviderAnswer.Status(HttpStatusCode.Created), DeliveryStatus.Delivered),
        new("202", ProviderAnswer.Status(HttpStatusCode.Accepted), DeliveryStatus.Delivered),
        new("204", ProviderAnswer.Status(HttpStatusCode.NoContent), DeliveryStatus.Delivered),
        new("301 redirect, not followed", () => Redirect(HttpStatusCode.MovedPermanently), DeliveryStatus.PermanentFailure, "redirects are not followed"),
        new("308 redirect, not followed", () => Redirect(HttpStatusCode.PermanentRedirect), DeliveryStatus.PermanentFailure, "redirects are not followed"),
        new("410 gone", ProviderAnswer.Status(HttpStatusCode.Gone), DeliveryStatus.PermanentFailure, "HTTP 410"),
        new("422 outside the permanent set, retried", ProviderAnswer.Status(HttpStatusCode.UnprocessableEntity, "no"), DeliveryStatus.TransientFailure, "HTTP 422: no"),
    ];

    private protected override Func<SentRequest, string> SentTitle => r => r.Form["title"];

    private protected override Func<SentRequest, string>? SentMessage => null; // the form carries the event, not the rendered message

    private protected override ConformanceChannel<WebhookNotifier> CreateChannel()
    {
        var options = new WebhookOptions
        {
            Url = Url,
            Headers = { ["Authorization"] = "Bearer " + BearerToken },
            SigningSecret = WebhookNotifierTests.Secret,
            Format = WebhookBodyFormat.Form,
            FormFields = { ["title"] = "{title}", ["source"] = "{source}" },
            Http = HttpRig.Quick(),
        };
        return new(options, Url, (client, clock, _) => new WebhookNotifier(options, client, clock));
    }

    private protected override HttpResponseMessage Accepted() => ChannelProbe.Answer(HttpStatusCode.NoContent);

    private protected override HttpResponseMessage Failure(int status, string detail) => ChannelProbe.Answer((HttpStatusCode)status, detail);

    private static HttpResponseMessage Redirect(HttpStatusCode status) =>
        new(status) { Headers = { Location = new Uri("https://elsewhere.example/") } };
}
