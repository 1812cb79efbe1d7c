using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Http;
using Alerting.Samples.CustomNotifier;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Plugins;

/// <summary>
/// The sample's Gotify plugin — a third party's notifier written only against the public plugin API — under the same
/// contract as the built-in channels. Its secret is the application token, sent in <c>X-Gotify-Key</c>.
/// </summary>
[TestFixture]
public class GotifyConformanceTests : NotifierConformanceTests<GotifyNotifier>
{
    private const string Token = "AQnZ-s3cret-app-t0ken";
    private const string Endpoint = "https://push.example.com/gotify/message";

    private protected override IReadOnlyList<string> Secrets => [Token];

    private protected override IEnumerable<ProviderAnswer> ProviderAnswers =>
    [
        new("200 with the created message", Accepted, DeliveryStatus.Delivered),
        new("400 invalid message", () => Error(400, "Bad Request", "the message field is required"), DeliveryStatus.PermanentFailure, "the message field is required"),
        new("401 unknown token", () => Error(401, "Unauthorized", "you need to provide a valid access token or user credentials to access this api"), DeliveryStatus.PermanentFailure, "HTTP 401"),
        new("403 forbidden", () => Error(403, "Forbidden", "you are not allowed to access this api"), DeliveryStatus.PermanentFailure, "HTTP 403"),
        new("502 from a reverse proxy", ProviderAnswer.Status(HttpStatusCode.BadGateway), DeliveryStatus.TransientFailure, "HTTP 502"),
    ];

    private protected override Func<SentRequest, string> SentTitle => r => r.Json.GetProperty("title").GetString()!;

    private protected override Func<SentRequest, string>? SentMessage => r => r.Json.GetProperty("message").GetString()!;

    private protected override ConformanceChannel<GotifyNotifier> CreateChannel()
    {
        var options = new GotifyOptions { BaseUrl = new Uri("https://push.example.com/gotify"), AppToken = Token, Http = HttpRig.Quick() };
        return new(PluginHttpChannelOptions.For(options), Endpoint, (client, _, _) => new GotifyNotifier(options, client));
    }

    private protected override HttpResponseMessage Accepted() =>
        ChannelProbe.Answer(HttpStatusCode.OK, """{"id":25,"appid":5,"message":"m","title":"t","priority":8,"date":"2026-12-03T10:00:00Z"}""", "application/json");

    private protected override HttpResponseMessage Failure(int status, string detail) => Error(status, "Error", detail);

    private static HttpResponseMessage Error(int status, string error, string description) =>
        ChannelProbe.Answer((HttpStatusCode)status, JsonSerializer.Serialize(new { error, errorCode = status, errorDescription = description }), "application/json");
}
