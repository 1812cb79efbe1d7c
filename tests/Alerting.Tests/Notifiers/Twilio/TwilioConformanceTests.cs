using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Twilio;
using Alerting.Testing;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>
/// Twilio through the public notifier conformance suite, with an auth token and with an API key: the secret (and the
/// Basic credentials made from it) must never show; Twilio's error code decides when it disagrees with the status.
/// </summary>
[TestFixture]
public class TwilioConformanceTests
{
    /// <summary>A code Twilio's table does not classify, so the HTTP status decides.</summary>
    private const int UnclassifiedCode = 20001;

    [TestCaseSource(nameof(AuthTokenCases))]
    public Task AuthToken(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    [TestCaseSource(nameof(ApiKeyCases))]
    public Task ApiKey(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    private static IEnumerable<NotifierConformanceCase> AuthTokenCases() => Suite(
        "Twilio auth token",
        o => o.AuthToken = TwilioRig.AuthToken,
        [TwilioRig.AuthToken, TwilioRig.Basic(TwilioRig.AccountSid, TwilioRig.AuthToken)["Basic ".Length..]]);

    private static IEnumerable<NotifierConformanceCase> ApiKeyCases() => Suite(
        "Twilio API key",
        o =>
        {
            o.ApiKeySid = TwilioRig.ApiKeySid;
            o.ApiKeySecret = TwilioRig.ApiKeySecret;
        },
        [TwilioRig.ApiKeySecret, TwilioRig.Basic(TwilioRig.ApiKeySid, TwilioRig.ApiKeySecret)["Basic ".Length..]]);

    private static IEnumerable<NotifierConformanceCase> Suite(string name, Action<TwilioOptions> credentials, string[] secrets)
    {
        var options = new TwilioOptions { AccountSid = TwilioRig.AccountSid, From = TwilioRig.From, To = [TwilioRig.To1], IncludeMessage = true };
        credentials(options);
        return new NotifierConformance(new NotifierConformanceSetup
        {
            Name = name,
            NotifierOptions = options,
            Endpoint = new Uri(TwilioRig.Messages),
            CreateNotifier = c => new TwilioNotifier(options, c.Http, c.Time, c.LoggerFactory),
            Secrets = secrets,
            Accepted = () => TwilioRig.Created(),
            Failure = (status, detail) => ProviderAnswer.Response(
                (HttpStatusCode)status,
                JsonSerializer.Serialize(new { code = UnclassifiedCode, message = detail, more_info = $"https://www.twilio.com/docs/errors/{UnclassifiedCode}", status }),
                "application/json"),
            DocumentedAnswers =
            [
                new("201 queued", () => TwilioRig.Created(), DeliveryStatus.Delivered),
                new("400 21610 opted out", () => TwilioRig.Error(400, 21610, "Attempt to send to unsubscribed recipient"), DeliveryStatus.PermanentFailure, "21610 recipient opted out"),
                new("400 21211 invalid To", () => TwilioRig.Error(400, 21211, "Invalid 'To' Phone Number"), DeliveryStatus.PermanentFailure, "21211 invalid 'To' number"),
                new("400 21611 sender queue full", () => TwilioRig.Error(400, 21611, "This 'From' number has exceeded the maximum number of queued messages"), DeliveryStatus.TransientFailure, "21611"),
                new("401 20003 authentication", () => TwilioRig.Error(401, 20003, "Authenticate"), DeliveryStatus.PermanentFailure, "20003 authentication failed"),
                new("429 20429 too many requests", () => TwilioRig.Error(429, 20429, "Too Many Requests"), DeliveryStatus.TransientFailure, "20429"),
                new("500 carrying 21610", () => TwilioRig.Error(500, 21610, "Attempt to send to unsubscribed recipient"), DeliveryStatus.PermanentFailure, "21610"),
            ],
            SentTitle = r => r.Form["Body"],
            SentMessage = r => r.Form["Body"],
        }).Cases;
    }
}
