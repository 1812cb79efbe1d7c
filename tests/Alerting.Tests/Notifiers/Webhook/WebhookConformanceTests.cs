using System.Net;
using Alerting.Notifiers;
using Alerting.Notifiers.Webhook;
using Alerting.Testing;

namespace Alerting.Tests.Notifiers.Webhook;

/// <summary>
/// The generic webhook through the public notifier conformance suite, with every kind of secret it can carry: a token in
/// the URL's path, a bearer token in a configured header and a Standard Webhooks signing secret. It declares no length
/// limits.
/// </summary>
[TestFixture]
public class WebhookConformanceTests
{
    private const string PathToken = "t0k3n-in-path";
    private const string Url = "https://hooks.example.com/alerts/" + PathToken;
    private const string BearerToken = "hdr-s3cr3t-b3arer";

    [TestCaseSource(nameof(Cases))]
    public Task Conformance(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    private static IEnumerable<NotifierConformanceCase> Cases()
    {
        var options = new WebhookOptions
        {
            Url = Url,
            Headers = { ["Authorization"] = "Bearer " + BearerToken },
            SigningSecret = WebhookNotifierTests.Secret,
            Format = WebhookBodyFormat.Form,
            FormFields = { ["title"] = "{title}", ["source"] = "{source}" },
        };
        return new NotifierConformance(new NotifierConformanceSetup
        {
            Name = "Webhook",
            NotifierOptions = options,
            Endpoint = new Uri(Url),
            CreateNotifier = c => new WebhookNotifier(options, c.Http, c.Time),
            // The secrets include the forms a provider may echo on their own: the path's token segment and the bearer
            // token without its scheme (both were once quoted in reasons).
            Secrets = ["/alerts/" + PathToken, PathToken, "Bearer " + BearerToken, BearerToken, WebhookNotifierTests.Secret],
            Accepted = () => ProviderAnswer.Response(HttpStatusCode.NoContent),
            Failure = (status, detail) => ProviderAnswer.Response((HttpStatusCode)status, detail),
            DocumentedAnswers =
            [
                new("200", () => ProviderAnswer.Response(HttpStatusCode.OK), DeliveryStatus.Delivered),
                new("201", () => ProviderAnswer.Response(HttpStatusCode.Created), DeliveryStatus.Delivered),
                new("202", () => ProviderAnswer.Response(HttpStatusCode.Accepted), DeliveryStatus.Delivered),
                new("204", () => ProviderAnswer.Response(HttpStatusCode.NoContent), DeliveryStatus.Delivered),
                new("301 redirect, not followed", () => Redirect(HttpStatusCode.MovedPermanently), DeliveryStatus.PermanentFailure, "redirects are not followed"),
                new("308 redirect, not followed", () => Redirect(HttpStatusCode.PermanentRedirect), DeliveryStatus.PermanentFailure, "redirects are not followed"),
                new("410 gone", () => ProviderAnswer.Response(HttpStatusCode.Gone), DeliveryStatus.PermanentFailure, "HTTP 410"),
                new("422 outside the permanent set, retried", () => ProviderAnswer.Response(HttpStatusCode.UnprocessableEntity, "no"), DeliveryStatus.TransientFailure, "HTTP 422: no"),
            ],
            SentTitle = r => r.Form["title"],
            SentMessage = null, // the form carries the event, not the rendered message
        }).Cases;
    }

    private static HttpResponseMessage Redirect(HttpStatusCode status) =>
        new(status) { Headers = { Location = new Uri("https://elsewhere.example/") } };
}
