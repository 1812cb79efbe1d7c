using System.Net;
using System.Text;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.PagerDuty;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15: templated PagerDuty fields were never cut (a 600,000-character <c>component</c> made a 3.9 MB body that
/// PagerDuty rejects), and the body-trim log said <c>custom_details</c> was trimmed when it had been dropped. Every field
/// is now cut to its limit, the body is kept under 512 KB (UTF-8 bytes as sent) by shrinking custom details visibly,
/// and the log says what was cut.
/// </summary>
[TestFixture]
public sealed class PagerDutyLimitsTests_15
{
    private const string RoutingKey = "R0UT1NGKEY0123456789abcdefABCDEF";
    private const string Enqueue = "https://events.pagerduty.com/v2/enqueue";
    private const string ChangeEnqueue = "https://events.pagerduty.com/v2/change/enqueue";
    private const int MaxBodyBytes = 512_000;
    private const int FieldCutId = 1250;
    private const int ItemLeftOutId = 1251;
    private const int BodyTrimmedId = 1206;
    private static readonly string s_marker = NotifierCapabilities.TruncationMarker;

    [Test]
    public async Task SendAsync_HugeTemplatedFieldsAndDetails_EveryFieldAtItsLimitAndBodyUnder512Kb()
    {
        var attributes = new Dictionary<string, object?>
        {
            ["c"] = Huge('c', 600_000),
            ["g"] = Huge('g', 600_000),
            ["k"] = Huge('k', 600_000),
            ["s"] = Huge('s', 600_000),
            ["log"] = string.Concat(Enumerable.Repeat("é€ 🚨 \"quoted\"\r\n\0", 100_000)),
            ["rows"] = 42,
        };
        var (body, logs) = await SendAsync(
            Notification(Some.Event(attributes: attributes), title: Huge('t', 600_000)),
            o =>
            {
                o.Source = "{attributes.s}";
                o.Component = "{attributes.c}";
                o.Group = "{attributes.g}";
                o.Class = "{attributes.k}";
            });

        var json = JsonDocument.Parse(body).RootElement;
        var payload = json.GetProperty("payload");
        var details = payload.GetProperty("custom_details");
        var cuts = logs.Where(l => l.Id.Id == FieldCutId).Select(l => l.Message).ToList();
        var trimmed = logs.Single(l => l.Id.Id == BodyTrimmedId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(body), Is.LessThanOrEqualTo(MaxBodyBytes));
            foreach (var field in new[] { "summary", "source", "component", "group", "class" })
            {
                var sent = payload.GetProperty(field).GetString()!;
                Assert.That(sent, Has.Length.EqualTo(1024).And.EndWith(s_marker), field);
                Assert.That(cuts, Has.One.EqualTo($"Channel pagerduty-prod: payload.{field} was 600000 characters, cut to 1024."), field);
            }

            Assert.That(payload.GetProperty("component").GetString(), Does.StartWith("c€\n\"é<x>"), "line feeds, quotes and non-ASCII arrive as rendered");
            Assert.That(details.GetProperty("rows").GetInt32(), Is.EqualTo(42), "short values are kept");
            Assert.That(details.GetProperty("log").GetString(), Does.StartWith("é€ 🚨 \"quoted\"\r\n\0").And.EndWith(s_marker));
            Assert.That(details.GetProperty("c").GetString(), Does.StartWith("c€").And.EndWith(s_marker));
            Assert.That(trimmed.Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
            Assert.That(trimmed.Message, Does.Match(@"custom_details trimmed from \d+ to \d+ bytes \(5 strings cut\)"));
            Assert.That(trimmed.Message, Does.EndWith($"; {Encoding.UTF8.GetByteCount(body)} bytes sent."), "the size sent, not the size before");
            Assert.That(trimmed.Message, Does.Not.Contain("left out"));
        }
    }

    [Test]
    public async Task SendAsync_DetailsOfManySmallMembers_LargestLeftOutAndNamedInTruncated()
    {
        var attributes = Enumerable.Range(0, 60_000).ToDictionary(i => $"member{i:D5}", i => (object?)$"value of member {i}");
        attributes["big"] = new Dictionary<string, object?> { ["nested"] = Enumerable.Range(0, 20_000).Select(i => $"item {i}").ToArray() };

        var (body, logs) = await SendAsync(Notification(Some.Event(attributes: attributes)));

        var details = JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("custom_details");
        var trimmed = logs.Single(l => l.Id.Id == BodyTrimmedId).Message;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(body), Is.LessThanOrEqualTo(MaxBodyBytes));
            Assert.That(details.TryGetProperty("big", out _), Is.False, "the largest member goes first");
            Assert.That(details.GetProperty("truncated").GetString(), Does.StartWith($"{s_marker} ").And.Contains(" of 60001 members left out to fit the size limit: big, "));
            Assert.That(details.GetProperty("member00000").GetString(), Is.EqualTo("value of member 0"));
            Assert.That(trimmed, Does.Match(@"custom_details trimmed from \d+ to \d+ bytes \(0 strings cut, \d+ members left out and named in ""truncated""\)"));
        }
    }

    [Test]
    public async Task SendAsync_HugeDetailsThatCannotBeCut_LeftOutAndTheLogSaysSo()
    {
        var numbers = "[" + string.Join(",", Enumerable.Range(0, 150_000)) + "]";

        var (body, logs) = await SendAsync(Notification(Some.Event(), payload: numbers));

        var payload = JsonDocument.Parse(body).RootElement.GetProperty("payload");
        var trimmed = logs.Single(l => l.Id.Id == BodyTrimmedId).Message;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(payload.TryGetProperty("custom_details", out _), Is.False);
            Assert.That(trimmed, Does.Contain($"custom_details ({Encoding.UTF8.GetByteCount(numbers)} bytes) left out"));
            Assert.That(trimmed, Does.Not.Contain("trimmed from"));
        }
    }

    [Test]
    public async Task SendAsync_LongLinkAndImageTextsAndAddresses_TextsCutAndOverlongAddressesLeftOut()
    {
        var e = Some.Event(attributes: new Dictionary<string, object?> { ["t"] = Huge('t', 5_000), ["p"] = new string('p', 3_000) });

        var (body, logs) = await SendAsync(Notification(e), o =>
        {
            o.Links.Add(new PagerDutyLinkOptions { Href = "https://example.com/runs", Text = "{attributes.t}" });
            o.Links.Add(new PagerDutyLinkOptions { Href = "https://example.com/{attributes.p}", Text = "too long" });
            o.Images.Add(new PagerDutyImageOptions { Src = "https://example.com/chart.png", Href = "https://example.com/{attributes.p}", Alt = "{attributes.t}" });
            o.Client = new string('n', 2_000);
        });

        var json = JsonDocument.Parse(body).RootElement;
        var links = json.GetProperty("links");
        var image = json.GetProperty("images").EnumerateArray().Single();
        var messages = logs.Select(l => l.Message).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(links.GetArrayLength(), Is.EqualTo(1), "a cut address would lead elsewhere: the link is left out");
            Assert.That(links[0].GetProperty("text").GetString(), Has.Length.EqualTo(1024).And.EndWith(s_marker));
            Assert.That(image.TryGetProperty("href", out _), Is.False);
            Assert.That(image.GetProperty("alt").GetString(), Has.Length.EqualTo(1024).And.EndWith(s_marker));
            Assert.That(json.GetProperty("client").GetString(), Has.Length.EqualTo(1024).And.EndWith(s_marker));
            Assert.That(messages, Does.Contain("Channel pagerduty-prod: links[1] left out because links[1].href was 3020 characters, over 2048."));
            Assert.That(messages, Does.Contain("Channel pagerduty-prod: images[0].href left out because images[0].href was 3020 characters, over 2048."));
            Assert.That(messages, Does.Contain("Channel pagerduty-prod: links[0].text was 5000 characters, cut to 1024."));
            Assert.That(logs.Count(l => l.Id.Id == ItemLeftOutId), Is.EqualTo(2));
            Assert.That(logs.Where(l => l.Id.Id == BodyTrimmedId), Is.Empty, "the body was under the limit once fields were cut");
        }
    }

    [Test]
    public async Task SendAsync_OverTheLimitEvenWithoutDetails_LinksAndImagesLeftOutAndDetailsKept()
    {
        var e = Some.Event(attributes: new Dictionary<string, object?> { ["p"] = new string('p', 1_900), ["t"] = new string('t', 1_000), ["region"] = "eu-west" });

        var (body, logs) = await SendAsync(Notification(e), o =>
        {
            for (var i = 0; i < 300; i++)
            {
                o.Links.Add(new PagerDutyLinkOptions { Href = "https://example.com/{attributes.p}", Text = "{attributes.t}" });
            }

            o.Images.Add(new PagerDutyImageOptions { Src = "https://example.com/chart.png" });
        });

        var json = JsonDocument.Parse(body).RootElement;
        var trimmed = logs.Single(l => l.Id.Id == BodyTrimmedId).Message;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.TryGetProperty("links", out _), Is.False);
            Assert.That(json.TryGetProperty("images", out _), Is.False);
            Assert.That(json.GetProperty("payload").GetProperty("custom_details").GetProperty("region").GetString(), Is.EqualTo("eu-west"));
            Assert.That(trimmed, Does.Contain("; 300 links and 1 image left out; ").And.Not.Contain("custom_details"));
        }
    }

    [Test]
    public async Task SendAsync_ChangeEventWithHugeSummaryAndSource_CutToTheirLimits()
    {
        var e = Some.Event(type: AlertEventTypes.JobSucceeded, source: Huge('s', 600_000));

        var (body, logs) = await SendAsync(Notification(e, title: Huge('t', 600_000)), o => o.ChangeEventTypes.Add(AlertEventTypes.JobSucceeded), ChangeEnqueue);

        var payload = JsonDocument.Parse(body).RootElement.GetProperty("payload");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(payload.GetProperty("summary").GetString(), Has.Length.EqualTo(1024).And.EndWith(s_marker));
            Assert.That(payload.GetProperty("source").GetString(), Has.Length.EqualTo(1024).And.EndWith(s_marker));
            Assert.That(logs.Where(l => l.Id.Id == FieldCutId).Select(l => l.Message), Is.EquivalentTo(new[]
            {
                "Channel pagerduty-prod: payload.summary was 600000 characters, cut to 1024.",
                "Channel pagerduty-prod: payload.source was 600000 characters, cut to 1024.",
            }));
        }
    }

    [Test]
    public async Task SendAsync_ResolveWithHugeFields_SendsOnlyTheKeysAndLogsNoCut()
    {
        var e = Some.Event(source: Huge('s', 600_000));

        var (body, logs) = await SendAsync(Notification(e, title: Huge('t', 600_000), kind: NotificationKind.Resolve));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "routing_key", "event_action", "dedup_key" }));
            Assert.That(logs, Is.Empty, "nothing that is not sent is cut");
        }
    }

    /// <summary>
    /// A text of <paramref name="length"/> characters: the letter, then a mix of non-ASCII, line feeds and characters
    /// JSON escapes (templates drop CR and NUL from values, so those are tested in custom details).
    /// </summary>
    private static string Huge(char letter, int length)
    {
        var text = new StringBuilder(length + 16).Append(letter);
        while (text.Length < length)
        {
            text.Append("€\n\"é<x> ");
        }

        return text.ToString(0, length);
    }

    private static Notification Notification(AlertEvent e, string title = "[ERROR] Job nightly-import failed", string? payload = null, NotificationKind kind = NotificationKind.Trigger) => new()
    {
        ChannelName = "pagerduty-prod",
        RuleName = "failures",
        Event = e,
        Kind = kind,
        Severity = e.Severity,
        DedupKey = "job.failed:nightly-import",
        Title = title,
        Message = "Disk full",
        Payload = payload,
    };

    /// <summary>Sends through the channel's real pipeline to a mock that answers 202; returns the body sent and what the notifier logged.</summary>
    private static async Task<(string Body, IReadOnlyList<FakeLogRecord> Logs)> SendAsync(Notification notification, Action<PagerDutyOptions>? configure = null, string url = Enqueue)
    {
        var options = new PagerDutyOptions { RoutingKey = RoutingKey, Http = HttpRig.Quick() };
        configure?.Invoke(options);
        var probe = new ChannelProbe(options, url, (client, clock, logs) => new PagerDutyNotifier(options, client, clock, logs));

        var result = await probe.SendAsync(notification, () => ChannelProbe.Answer(HttpStatusCode.Accepted, """{"status":"success","message":"Event processed","dedup_key":"k"}""", "application/json"));

        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return (probe.Requests.Single().Body, probe.NotifierLogs.GetSnapshot());
    }
}
