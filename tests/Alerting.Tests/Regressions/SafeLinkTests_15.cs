using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Email;
using Alerting.Notifiers.PagerDuty;
using Alerting.Notifiers.Slack;
using Alerting.Notifiers.Teams;
using Alerting.Templates;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15: an event <c>Url</c> such as <c>javascript:alert(document.cookie)</c> went out as Slack's button, Teams'
/// <c>Action.OpenUrl</c>, PagerDuty's <c>client_url</c> and through the <c>{url}</c> placeholder into e-mail bodies.
/// Only absolute http and https links leave now, on every channel and in templates; a dropped link is logged by its
/// scheme, never the link.
/// </summary>
[TestFixture]
public sealed class SafeLinkTests_15
{
    private const string Script = "javascript:alert(document.cookie)";
    private const string Https = "https://ci.example.com/runs/42";

    private static IEnumerable<TestCaseData> Dropped()
    {
        yield return new TestCaseData(new Uri(Script), "javascript").SetName("{m}(javascript)");
        yield return new TestCaseData(new Uri("JavaScript:alert(1)"), "javascript").SetName("{m}(JavaScript)");
        yield return new TestCaseData(new Uri("data:text/html,<script>alert(1)</script>"), "data").SetName("{m}(data)");
        yield return new TestCaseData(new Uri("vbscript:msgbox(1)"), "vbscript").SetName("{m}(vbscript)");
        yield return new TestCaseData(new Uri("file:///etc/passwd"), "file").SetName("{m}(file)");
        yield return new TestCaseData(new Uri("mailto:ops@example.com"), "mailto").SetName("{m}(mailto)");
        yield return new TestCaseData(new Uri("/runs/42", UriKind.Relative), "relative").SetName("{m}(relative)");
    }

    private static AlertEvent EventWith(Uri? url, IReadOnlyDictionary<string, object?>? attributes = null) =>
        new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full")
        {
            Url = url,
            Attributes = attributes ?? new Dictionary<string, object?>(),
            Timestamp = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
        };

    private static void AssertDroppedAndLogged(string sent, ChannelProbe probe, int eventId, string scheme)
    {
        var record = probe.NotifierLogs.GetSnapshot().SingleOrDefault(r => r.Id.Id == eventId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Does.Not.Contain("alert(").And.Not.Contain("passwd").And.Not.Contain("ops@example.com").And.Not.Contain("/runs/42"));
            Assert.That(record, Is.Not.Null, $"log {eventId} names the dropped link's scheme");
            Assert.That(record?.Level, Is.EqualTo(LogLevel.Debug));
            Assert.That(record?.Message, Does.Contain($"scheme {scheme}").And.Not.Contain("alert(").And.Not.Contain("/runs/42"));
        }
    }

    private static ChannelProbe Slack()
    {
        var options = new SlackOptions { WebhookUrl = new Uri("https://hooks.slack.com/services/T000/B000/s3cr3t"), Http = HttpRig.Quick() };
        return new ChannelProbe(options, options.WebhookUrl.AbsoluteUri, (client, clock, logs) => new SlackNotifier(options, client, clock, logs));
    }

    private static ChannelProbe Teams(TeamsFormat format)
    {
        var options = new TeamsOptions { WebhookUrl = new Uri("https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t"), Format = format, Http = HttpRig.Quick() };
        return new ChannelProbe(options, options.WebhookUrl.AbsoluteUri, (client, clock, logs) => new TeamsNotifier(options, client, clock, logs));
    }

    private static ChannelProbe PagerDuty(Action<PagerDutyOptions>? configure = null)
    {
        var options = new PagerDutyOptions { RoutingKey = "R0UT1NGKEY0123456789abcdefABCDEF", Http = HttpRig.Quick() };
        configure?.Invoke(options);
        return new ChannelProbe(options, "https://events.pagerduty.com/v2/enqueue", (client, clock, logs) => new PagerDutyNotifier(options, client, clock, logs));
    }

    private static Func<HttpResponseMessage> Answer(HttpStatusCode status, string body = "") => () => ChannelProbe.Answer(status, body, "application/json");

    [TestCaseSource(nameof(Dropped))]
    public async Task Slack_EventLinkNotHttp_NoButtonAndLogged(Uri url, string scheme)
    {
        var probe = Slack();

        var result = await probe.SendAsync(ChannelProbe.Notification("ops-slack", alertEvent: EventWith(url)), Answer(HttpStatusCode.OK, "ok"));

        Assert.That(result.IsDelivered, Is.True, result.Reason);
        var sent = probe.Requests.Single().Body;
        Assert.That(probe.Requests.Single().Json.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("type").GetString()), Has.None.EqualTo("actions"));
        AssertDroppedAndLogged(sent, probe, 1604, scheme);
    }

    [TestCase(Https, Https)]
    [TestCase("HTTPS://CI.Example.com/runs/42", Https)]
    [TestCase("http://ci.example.com/runs/42", "http://ci.example.com/runs/42")]
    public async Task Slack_EventLinkHttpOrHttps_SentAsTheButton(string url, string expected)
    {
        var probe = Slack();

        await probe.SendAsync(ChannelProbe.Notification("ops-slack", alertEvent: EventWith(new Uri(url))), Answer(HttpStatusCode.OK, "ok"));

        var actions = probe.Requests.Single().Json.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "actions");
        Assert.That(actions.GetProperty("elements")[0].GetProperty("url").GetString(), Is.EqualTo(expected));
        Assert.That(probe.NotifierLogs.GetSnapshot().Select(r => r.Id.Id), Has.None.EqualTo(1604));
    }

    [TestCaseSource(nameof(Dropped))]
    public async Task Teams_EventLinkNotHttp_NoOpenUrlInEitherFormatAndLogged(Uri url, string scheme)
    {
        foreach (var format in new[] { TeamsFormat.AdaptiveCard, TeamsFormat.MessageCard })
        {
            var probe = Teams(format);

            var result = await probe.SendAsync(ChannelProbe.Notification("ops-teams", alertEvent: EventWith(url)), Answer(format == TeamsFormat.MessageCard ? HttpStatusCode.OK : HttpStatusCode.Accepted, "1"));

            Assert.That(result.IsDelivered, Is.True, result.Reason);
            var sent = probe.Requests.Single().Body;
            Assert.That(sent, Does.Not.Contain("Action.OpenUrl").And.Not.Contain("potentialAction"), format.ToString());
            AssertDroppedAndLogged(sent, probe, 1653, scheme);
        }
    }

    [Test]
    public async Task Teams_EventLinkHttps_SentAsOpenUrlInBothFormats()
    {
        var card = Teams(TeamsFormat.AdaptiveCard);
        var legacy = Teams(TeamsFormat.MessageCard);

        await card.SendAsync(ChannelProbe.Notification("ops-teams", alertEvent: EventWith(new Uri(Https))), Answer(HttpStatusCode.Accepted));
        await legacy.SendAsync(ChannelProbe.Notification("ops-teams", alertEvent: EventWith(new Uri(Https))), Answer(HttpStatusCode.OK, "1"));

        var action = card.Requests.Single().Json.GetProperty("attachments")[0].GetProperty("content").GetProperty("actions")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That((action.GetProperty("type").GetString(), action.GetProperty("url").GetString()), Is.EqualTo(("Action.OpenUrl", Https)));
            Assert.That(legacy.Requests.Single().Json.GetProperty("potentialAction")[0].GetProperty("targets")[0].GetProperty("uri").GetString(), Is.EqualTo(Https));
        }
    }

    [TestCaseSource(nameof(Dropped))]
    public async Task PagerDuty_EventLinkNotHttp_NoClientUrlAndLogged(Uri url, string scheme)
    {
        var probe = PagerDuty();

        var result = await probe.SendAsync(ChannelProbe.Notification("pagerduty-prod", alertEvent: EventWith(url)), Answer(HttpStatusCode.Accepted));

        Assert.That(result.IsDelivered, Is.True, result.Reason);
        Assert.That(probe.Requests.Single().Json.TryGetProperty("client_url", out _), Is.False);
        AssertDroppedAndLogged(probe.Requests.Single().Body, probe, 1252, scheme);
    }

    [Test]
    public async Task PagerDuty_TemplatedLinksImagesAndClientUrl_OnlyHttpOnesSent()
    {
        var probe = PagerDuty(o =>
        {
            o.ClientUrl = "{attributes.bad}";
            o.Links.Add(new PagerDutyLinkOptions { Href = "{attributes.bad}", Text = "Bad" });
            o.Links.Add(new PagerDutyLinkOptions { Href = "https://grafana.example.com/d/jobs?job={source}", Text = "Dashboard" });
            o.Images.Add(new PagerDutyImageOptions { Src = "{attributes.bad}", Alt = "Bad image" });
            o.Images.Add(new PagerDutyImageOptions { Src = "https://charts.example.com/{source}.png", Href = "{attributes.bad}", Alt = "Chart" });
        });
        var e = EventWith(new Uri(Https), new Dictionary<string, object?> { ["bad"] = Script });

        var result = await probe.SendAsync(ChannelProbe.Notification("pagerduty-prod", alertEvent: e), Answer(HttpStatusCode.Accepted));

        var body = probe.Requests.Single().Json;
        var dropped = probe.NotifierLogs.GetSnapshot().Where(r => r.Id.Id == 1252).Select(r => r.Message).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(body.TryGetProperty("client_url", out _), Is.False);
            Assert.That(body.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()), Is.EqualTo(new[] { "https://grafana.example.com/d/jobs?job=nightly-import" }));
            Assert.That(body.GetProperty("images").GetArrayLength(), Is.EqualTo(1));
            Assert.That(body.GetProperty("images")[0].GetProperty("src").GetString(), Is.EqualTo("https://charts.example.com/nightly-import.png"));
            Assert.That(body.GetProperty("images")[0].TryGetProperty("href", out _), Is.False);
            Assert.That(dropped, Has.Count.EqualTo(4));
            Assert.That(dropped, Has.Some.Contains("client_url").And.Some.Contains("links[0].href").And.Some.Contains("images[0].src").And.Some.Contains("images[1].href"));
            Assert.That(dropped, Has.All.Not.Contain("alert("));
        }
    }

    [Test]
    public async Task PagerDuty_EventLinkHttps_SentAsClientUrl()
    {
        var probe = PagerDuty();

        await probe.SendAsync(ChannelProbe.Notification("pagerduty-prod", alertEvent: EventWith(new Uri(Https))), Answer(HttpStatusCode.Accepted));

        Assert.That(probe.Requests.Single().Json.GetProperty("client_url").GetString(), Is.EqualTo(Https));
    }

    [TestCaseSource(nameof(Dropped))]
    public async Task Email_EventLinkNotHttp_NotInTheCardAndLogged(Uri url, string scheme)
    {
        var (bodies, logs) = await SendEmailAsync(EventWith(url));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bodies, Does.Not.Contain("alert(").And.Not.Contain("passwd").And.Not.Contain("/runs/42").And.Not.Contain("Open details"));
            Assert.That(logs.Where(r => r.Id.Id == 1503).Select(r => r.Message), Has.One.Contains($"scheme {scheme}").And.All.Not.Contain("alert("));
        }
    }

    [Test]
    public async Task Email_EventLinkHttps_InTheCard()
    {
        var (bodies, logs) = await SendEmailAsync(EventWith(new Uri(Https)));

        Assert.That(bodies, Does.Contain(Https).And.Contain("Open details"));
        Assert.That(logs.Select(r => r.Id.Id), Has.None.EqualTo(1503));
    }

    [TestCaseSource(nameof(Dropped))]
    public void UrlPlaceholder_NotHttp_RendersEmptyInTextHtmlAndJson(Uri url, string scheme)
    {
        var e = EventWith(url);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MessageTemplate.Parse("<a href=\"{url}\">details</a>").Render(e, TemplateEscaping.Html), Is.EqualTo("<a href=\"\">details</a>"), scheme);
            Assert.That(MessageTemplate.Parse("[{url}] [{url:upper}]").Render(e), Is.EqualTo("[] []"));
            Assert.That(JsonDocument.Parse(JsonTemplate.Parse("""{"link":"{url:json}"}""").Render(e)).RootElement.GetProperty("link").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(JsonDocument.Parse(JsonTemplate.EventPayload.Render(e)).RootElement.GetProperty("url").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }

    [TestCase(Https)]
    [TestCase("HTTP://ci.example.com/runs/42?a=b&c=d")]
    public void UrlPlaceholder_HttpOrHttps_RendersTheLinkAsGiven(string url)
    {
        var e = EventWith(new Uri(url));

        Assert.That(MessageTemplate.Parse("{url}").Render(e), Is.EqualTo(url));
    }

    /// <summary>Sends through a pickup folder and returns the HTML and text parts of the message written, and the channel's logs.</summary>
    private static async Task<(string Bodies, IReadOnlyList<FakeLogRecord> Logs)> SendEmailAsync(AlertEvent e)
    {
        var folder = Path.Combine(Path.GetTempPath(), "alerting-links-" + Guid.NewGuid().ToString("N"));
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        try
        {
            var options = new EmailOptions { PickupDirectory = folder, From = "alerts@example.com", To = ["ops@example.com"] };
            await using var notifier = new EmailNotifier(options, new FakeTimeProvider(e.Timestamp), loggerFactory);
            var notification = ChannelProbe.Notification("ops-email", alertEvent: e);

            var result = await notifier.SendAsync(notification, CancellationToken.None);

            Assert.That(result.IsDelivered, Is.True, result.Reason);
            var message = await MimeMessage.LoadAsync(Directory.GetFiles(folder).Single());
            return (message.HtmlBody + "\n" + message.TextBody, collector.GetSnapshot());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
