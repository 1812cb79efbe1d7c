using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.PagerDuty;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.PagerDuty;

/// <summary>PagerDuty's Events API v2 under the shared notifier contract; its secret is the routing key sent in the body.</summary>
[TestFixture]
public class PagerDutyConformanceTests : NotifierConformanceTests<PagerDutyNotifier>
{
    private const string Enqueue = "https://events.pagerduty.com/v2/enqueue";

    private protected override IReadOnlyList<string> Secrets => [PagerDutyNotifierTests.RoutingKey];

    private protected override IEnumerable<ProviderAnswer> ProviderAnswers =>
    [
        new("202 event processed", Accepted, DeliveryStatus.Delivered),
        new("400 invalid event", () => Error(400, "invalid event", "Event object is invalid", "'payload.summary' is missing or blank"), DeliveryStatus.PermanentFailure,
            "HTTP 400: Event object is invalid ('payload.summary' is missing or blank)"),
        new("413 body too large", ProviderAnswer.Status(HttpStatusCode.RequestEntityTooLarge), DeliveryStatus.PermanentFailure, "HTTP 413"),
        new("429 without a body", ProviderAnswer.Status(HttpStatusCode.TooManyRequests), DeliveryStatus.TransientFailure, "HTTP 429"),
        new("500 with PagerDuty's error body", () => Error(500, "error", "Internal error"), DeliveryStatus.TransientFailure, "Internal error"),
    ];

    private protected override Func<SentRequest, string> SentTitle => r => r.Json.GetProperty("payload").GetProperty("summary").GetString()!;

    private protected override Func<SentRequest, string>? SentMessage => null; // the message is not part of an Events API v2 event

    private protected override ConformanceChannel<PagerDutyNotifier> CreateChannel()
    {
        var options = new PagerDutyOptions { RoutingKey = PagerDutyNotifierTests.RoutingKey, Http = HttpRig.Quick() };
        return new(options, Enqueue, (client, clock, logs) => new PagerDutyNotifier(options, client, clock, logs));
    }

    private protected override HttpResponseMessage Accepted() =>
        ChannelProbe.Answer(HttpStatusCode.Accepted, """{"status":"success","message":"Event processed","dedup_key":"k"}""", "application/json");

    private protected override HttpResponseMessage Failure(int status, string detail) => Error(status, "invalid event", detail);

    private static HttpResponseMessage Error(int status, string state, string message, params string[] errors) =>
        ChannelProbe.Answer((HttpStatusCode)status, JsonSerializer.Serialize(new { status = state, message, errors }), "application/json");
}
