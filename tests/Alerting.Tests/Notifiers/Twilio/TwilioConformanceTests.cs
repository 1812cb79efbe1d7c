using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Twilio;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>
/// Twilio under the shared notifier contract, with an auth token and with an API key: the secret (and the Basic
/// credentials made from it) must never show; Twilio's error code decides when it disagrees with the status.
/// </summary>
[TestFixture(AuthToken)]
[TestFixture(ApiKey)]
public class TwilioConformanceTests(string credentials) : NotifierConformanceTests<TwilioNotifier>
{
    private const string AuthToken = "auth token";
    private const string ApiKey = "API key";

    /// <summary>A code Twilio's table does not classify, so the HTTP status decides.</summary>
    private const int UnclassifiedCode = 20001;

    private bool UsesApiKey => credentials == ApiKey;

    private protected override IReadOnlyList<string> Secrets => UsesApiKey
        ? [TwilioRig.ApiKeySecret, TwilioRig.Basic(TwilioRig.ApiKeySid, TwilioRig.ApiKeySecret)["Basic ".Length..]]
        : [TwilioRig.AuthToken, TwilioRig.Basic(TwilioRig.AccountSid, TwilioRig.AuthToken)["Basic ".Length..]];

    private protected override IEnumerable<ProviderAnswer> ProviderAnswers =>
    [
        new("201 queued", Accepted, DeliveryStatus.Delivered),
        new("400 21610 opted out", () => TwilioRig.Error(400, 21610, "Attempt to send to unsubscribed recipient"), DeliveryStatus.PermanentFailure, "21610 recipient opted out"),
        new("400 21211 invalid To", () => TwilioRig.Error(400, 21211, "Invalid 'To' Phone Number"), DeliveryStatus.PermanentFailure, "21211 invalid 'To' number"),
        new("400 21611 sender queue full", () => TwilioRig.Error(400, 21611, "This 'From' number has exceeded the maximum number of queued messages"), DeliveryStatus.TransientFailure, "21611"),
        new("401 20003 authentication", () => TwilioRig.Error(401, 20003, "Authenticate"), DeliveryStatus.PermanentFailure, "20003 authentication failed"),
        new("429 20429 too many requests", () => TwilioRig.Error(429, 20429, "Too Many Requests"), DeliveryStatus.TransientFailure, "20429"),
        new("500 carrying 21610", () => TwilioRig.Error(500, 21610, "Attempt to send to unsubscribed recipient"), DeliveryStatus.PermanentFailure, "21610"),
    ];

    private protected override Func<SentRequest, string> SentTitle => r => r.Form["Body"];

    private protected override Func<SentRequest, string>? SentMessage => r => r.Form["Body"];

    private protected override ConformanceChannel<TwilioNotifier> CreateChannel()
    {
        var options = new TwilioOptions { AccountSid = TwilioRig.AccountSid, From = TwilioRig.From, To = [TwilioRig.To1], IncludeMessage = true, Http = HttpRig.Quick() };
        if (UsesApiKey)
        {
            options.ApiKeySid = TwilioRig.ApiKeySid;
            options.ApiKeySecret = TwilioRig.ApiKeySecret;
        }
        else
        {
            options.AuthToken = TwilioRig.AuthToken;
        }

        return new(options, TwilioRig.Messages, (client, clock, logs) => new TwilioNotifier(options, client, clock, logs));
    }

    private protected override HttpResponseMessage Accepted() => TwilioRig.Created();

    private protected override HttpResponseMessage Failure(int status, string detail) =>
        ChannelProbe.Answer(
            (HttpStatusCode)status,
            JsonSerializer.Serialize(new { code = UnclassifiedCode, message = detail, more_info = $"https://www.twilio.com/docs/errors/{UnclassifiedCode}", status }),
            "application/json");
}
