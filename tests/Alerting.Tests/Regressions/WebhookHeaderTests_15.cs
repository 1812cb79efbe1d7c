using System.Net;
using Alerting.Notifiers;
using Alerting.Notifiers.Webhook;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15: a templated webhook header whose value held a character outside ASCII (<c>café</c>) was refused by
/// HttpClient at send time, retried as a network error and counted by the circuit breaker; NUL and BEL were sent as
/// they were. Values are now cleaned of control characters and percent-encoded (UTF-8) when they hold anything but
/// printable ASCII; a header that cannot be sent fails permanently before any request.
/// </summary>
[TestFixture]
public sealed class WebhookHeaderTests_15
{
    private const string Url = "https://hooks.example.com/alerts";

    /// <summary>Refuses what SocketsHttpHandler refuses when it writes the headers: a value with a character outside ASCII.</summary>
    private sealed class AsciiHeadersOnly(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .SelectMany(h => h.Value).Any(v => v.Any(c => c > '\u007f'))
                ? throw new HttpRequestException("Request headers must contain only ASCII characters.")
                : base.SendAsync(request, cancellationToken);
    }

    private static Notification Notify(string source) =>
        ChannelProbe.Notification("hook", alertEvent: Some.Event(source: source));

    private static async Task<(DeliveryResult Result, string? Header, int Requests)> SendAsync(string source, Action<WebhookOptions>? configure = null)
    {
        using var mock = new MockHttpMessageHandler();
        string? header = null;
        var requests = 0;
        mock.When(HttpMethod.Post, Url).Respond(request =>
        {
            requests++;
            header = request.Headers.TryGetValues("X-Alert-Source", out var values) ? values.Single() : null;
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        var options = new WebhookOptions { Url = Url, Http = HttpRig.Quick() };
        options.Headers["X-Alert-Source"] = "{source}";
        configure?.Invoke(options);
        using var rig = new HttpRig(options, new AsciiHeadersOnly(mock), "hook");
        var result = await new WebhookNotifier(options, rig.Client, rig.Clock).SendAsync(Notify(source), CancellationToken.None);
        return (result, header, requests);
    }

    [TestCase("café", "caf%C3%A9")]
    [TestCase("50% café", "50%25 caf%C3%A9")]
    [TestCase("import \U0001F525", "import %F0%9F%94%A5")]
    [TestCase("naïve\u0000 job", "na%C3%AFve job")]
    public async Task SendAsync_HeaderValueOutsideAscii_DeliveredOnTheFirstTryPercentEncodedAsUtf8(string source, string expected)
    {
        var (result, header, requests) = await SendAsync(source);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(requests, Is.EqualTo(1));
            Assert.That(header, Is.EqualTo(expected));
            Assert.That(Uri.UnescapeDataString(header!), Is.EqualTo(source.Replace("\u0000", string.Empty, StringComparison.Ordinal)), "one percent-decoding gives the text back");
        }
    }

    [TestCase("a\0b\u0007c", "abc")]
    [TestCase("a\u007fb\u0085c\u009bd", "ab cd")]
    [TestCase("line1\r\nline2", "line1 line2")]
    [TestCase("line1\rline2\nline3", "line1 line2 line3")]
    [TestCase("col1\tcol2", "col1 col2")]
    public async Task SendAsync_LiteralHeaderValueWithControlCharacters_SentWithoutThemOnTheFirstTry(string literal, string expected)
    {
        var (result, header, requests) = await SendAsync("nightly-import", o => o.Headers["X-Alert-Source"] = literal);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(requests, Is.EqualTo(1));
            Assert.That(header, Is.EqualTo(expected));
        }
    }

    [TestCase("a\0b\u0007c", "abc")]
    [TestCase("line1\r\nline2", "line1 line2")]
    [TestCase("caf\u00e9\r\n\u0007cr\u00e8me", "caf%C3%A9 cr%C3%A8me")]
    public async Task SendAsync_TemplatedHeaderValueWithControlCharacters_SentWithoutThemOnTheFirstTry(string source, string expected)
    {
        var (result, header, requests) = await SendAsync(source);

        Assert.That((result.Status, requests, header), Is.EqualTo((DeliveryStatus.Delivered, 1, expected)), result.Reason);
    }

    [TestCase("nightly-import")]
    [TestCase("100% done; a=b, \"quoted\" %41 {braces} ~")]
    public async Task SendAsync_PrintableAsciiHeaderValue_SentUnchanged(string source)
    {
        var (result, header, _) = await SendAsync(source);

        Assert.That((result.Status, header), Is.EqualTo((DeliveryStatus.Delivered, source)));
    }

    [TestCase("X Alert")]
    [TestCase("X-Alert:Source")]
    [TestCase("X-Alerté")]
    [TestCase("Content-Length")]
    [TestCase("transfer-encoding")]
    [TestCase("Host")]
    public async Task SendAsync_HeaderThatCannotBeSent_PermanentNamingTheHeaderNotItsValueWithNoRequest(string name)
    {
        const string Secret = "s3cr3t-t0k3n-value";

        var (result, _, requests) = await SendAsync("café", o => o.Headers[name] = Secret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(requests, Is.Zero);
            Assert.That(result.Reason, Does.Contain("Headers: '").And.Contain("Nothing was sent."));
            Assert.That(result.Reason, Does.Not.Contain(Secret));
        }
    }

    [Test]
    public void Validate_InvalidOrManagedHeaderNames_ReportedAtConfigurationByName()
    {
        var options = new WebhookOptions { Url = Url };
        options.Headers["X Alert"] = "{source}";
        options.Headers["Content-Length"] = "12";
        options.Headers["X-Fine_Name.1"] = "{source}";

        var result = new WebhookOptionsValidator().Validate("hook", options);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "Headers: 'X Alert' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only).",
            "Headers: 'Content-Length' is set by the HTTP client and cannot be configured.",
        }));
    }

    [Test]
    public async Task SendAsync_NonAsciiValuesOnEveryDelivery_NeverOpenTheCircuit()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Url).Respond(HttpStatusCode.NoContent);
        var options = new WebhookOptions { Url = Url, Http = HttpRig.Quick(h => h.CircuitBreakerFailureThreshold = 2) };
        options.Headers["X-Alert-Source"] = "{source}";
        using var rig = new HttpRig(options, new AsciiHeadersOnly(mock), "hook");
        var notifier = new WebhookNotifier(options, rig.Client, rig.Clock);

        var results = new List<DeliveryResult>();
        foreach (var source in new[] { "café", "crème", "plain-ascii" })
        {
            results.Add(await notifier.SendAsync(Notify(source), CancellationToken.None));
        }

        Assert.That(results.Select(r => (r.Status, r.Attempts)), Is.All.EqualTo((DeliveryStatus.Delivered, 1)));
    }
}
