using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.PagerDuty;
using Alerting.Testing;

namespace Alerting.Tests.Notifiers.PagerDuty;

/// <summary>PagerDuty's Events API v2 through the public notifier conformance suite; its secret is the routing key sent in the body.</summary>
[TestFixture]
public class PagerDutyConformanceTests
{
    private static readonly Uri s_enqueue = new("https://events.pagerduty.com/v2/enqueue");

    [TestCaseSource(nameof(Cases))]
    public Task Conformance(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    private static IEnumerable<NotifierConformanceCase> Cases()
    {
        var options = new PagerDutyOptions { RoutingKey = PagerDutyNotifierTests.RoutingKey };
        return new NotifierConformance(new NotifierConformanceSetup
        {
            Name = "PagerDuty",
            NotifierOptions = options,
            Endpoint = s_enqueue,
            CreateNotifier = c => new PagerDutyNotifier(options, c.Http, c.Time, c.LoggerFactory),
            Secrets = [PagerDutyNotifierTests.RoutingKey],
            Accepted = Accepted,
            Failure = (status, detail) => Error(status, "invalid event", detail),
            DocumentedAnswers =
            [
                new("202 event processed", Accepted, DeliveryStatus.Delivered),
                new("400 invalid event", () => Error(400, "invalid event", "Event object is invalid", "'payload.summary' is missing or blank"), DeliveryStatus.PermanentFailure,
                    "HTTP 400: Event object is invalid ('payload.summary' is missing or blank)"),
                new("413 body too large", () => ProviderAnswer.Response(HttpStatusCode.RequestEntityTooLarge), DeliveryStatus.PermanentFailure, "HTTP 413"),
                new("429 without a body", () => ProviderAnswer.Response(HttpStatusCode.TooManyRequests), DeliveryStatus.TransientFailure, "HTTP 429"),
                new("500 with PagerDuty's error body", () => Error(500, "error", "Internal error"), DeliveryStatus.TransientFailure, "Internal error"),
            ],
            SentTitle = r => r.Json.GetProperty("payload").GetProperty("summary").GetString()!,
            SentMessage = null, // the message is not part of an Events API v2 event
        }).Cases;
    }

    private static HttpResponseMessage Accepted() =>
        ProviderAnswer.Response(HttpStatusCode.Accepted, """{"status":"success","message":"Event processed","dedup_key":"k"}""", "application/json");

    private static HttpResponseMessage Error(int status, string state, string message, params string[] errors) =>
        ProviderAnswer.Response((HttpStatusCode)status, JsonSerializer.Serialize(new { status = state, message, errors }), "application/json");
}
