using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Samples.CustomNotifier;
using Alerting.Testing;

namespace Alerting.Tests.Notifiers.Plugins;

/// <summary>
/// The sample's Gotify plugin — a third party's notifier written only against the public plugin API — through the same
/// public conformance suite as the built-in channels. Its secret is the application token, sent in <c>X-Gotify-Key</c>.
/// </summary>
[TestFixture]
public class GotifyConformanceTests
{
    private const string Token = "AQnZ-s3cret-app-t0ken";

    [TestCaseSource(nameof(Cases))]
    public Task Conformance(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    private static IEnumerable<NotifierConformanceCase> Cases()
    {
        var options = new GotifyOptions { BaseUrl = new Uri("https://push.example.com/gotify"), AppToken = Token };
        return new NotifierConformance(new NotifierConformanceSetup
        {
            Name = "Gotify",
            NotifierOptions = options,
            Endpoint = new Uri("https://push.example.com/gotify/message"),
            CreateNotifier = c => new GotifyNotifier(options, c.Http),
            Secrets = [Token],
            Accepted = Accepted,
            Failure = (status, detail) => Error(status, "Error", detail),
            DocumentedAnswers =
            [
                new("200 with the created message", Accepted, DeliveryStatus.Delivered),
                new("400 invalid message", () => Error(400, "Bad Request", "the message field is required"), DeliveryStatus.PermanentFailure, "the message field is required"),
                new("401 unknown token", () => Error(401, "Unauthorized", "you need to provide a valid access token or user credentials to access this api"), DeliveryStatus.PermanentFailure, "HTTP 401"),
                new("403 forbidden", () => Error(403, "Forbidden", "you are not allowed to access this api"), DeliveryStatus.PermanentFailure, "HTTP 403"),
                new("502 from a reverse proxy", () => ProviderAnswer.Response(HttpStatusCode.BadGateway), DeliveryStatus.TransientFailure, "HTTP 502"),
            ],
            SentTitle = r => r.Json.GetProperty("title").GetString()!,
            SentMessage = r => r.Json.GetProperty("message").GetString()!,
        }).Cases;
    }

    private static HttpResponseMessage Accepted() =>
        ProviderAnswer.Response(HttpStatusCode.OK, """{"id":25,"appid":5,"message":"m","title":"t","priority":8,"date":"2026-12-03T10:00:00Z"}""", "application/json");

    private static HttpResponseMessage Error(int status, string error, string description) =>
        ProviderAnswer.Response((HttpStatusCode)status, JsonSerializer.Serialize(new { error, errorCode = status, errorDescription = description }), "application/json");
}
