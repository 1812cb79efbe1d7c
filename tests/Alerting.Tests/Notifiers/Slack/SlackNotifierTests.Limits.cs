using System.Text.Json.Nodes;
using Alerting.Notifiers;

namespace Alerting.Tests.Notifiers.Slack;

/// <summary>Block Kit's limits: every one is met by a visible cut, so Slack never rejects the message for its size.</summary>
public partial class SlackNotifierTests
{
    private static readonly string s_marker = NotifierCapabilities.TruncationMarker;

    private static string Blocks(params JsonObject[] blocks) => new JsonArray([.. blocks]).ToJsonString();

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    [Test]
    public async Task SendAsync_TitleOverTheHeaderLimit_HeaderIsCutTo150WithTheMarker()
    {
        var message = await SentAsync(Notify(title: new string('t', 400)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HeaderText(message), Has.Length.EqualTo(150).And.StartWith(":x: ERROR: ttt").And.EndWith(s_marker));
            Assert.That(message.GetProperty("text").GetString()!, Has.Length.LessThanOrEqualTo(3000));
        }
    }

    [Test]
    public async Task SendAsync_MessageOverTheSectionLimit_IsCutTo3000WithTheMarkerAndLogged()
    {
        var probe = CreateSut();

        await probe.SendAsync(Notify(message: new string('m', 5000)), Ok);

        var section = probe.Requests.Single().Json.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(section, Has.Length.EqualTo(3000).And.EndWith(s_marker));
            Assert.That(probe.NotifierLogs.LatestRecord.Id.Id, Is.EqualTo(1600));
            Assert.That(probe.NotifierLogs.LatestRecord.Message, Does.Contain("section text to 3000 characters"));
        }
    }

    [Test]
    public async Task SendAsync_MoreThanTenFields_KeepsNineAndTheTenthSaysHowManyWereLeftOut()
    {
        var attributes = Enumerable.Range(0, 9).ToDictionary(i => $"a{i}", i => (object?)$"v{i}");

        var fields = FieldTexts(await SentAsync(Notify(alertEvent: Support.Some.Event(attributes: attributes)), o => o.Attributes = [.. attributes.Keys]));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fields, Has.Count.EqualTo(10));
            Assert.That(fields[8], Is.EqualTo("*a4*\nv4"));
            Assert.That(fields[9], Is.EqualTo($"_{s_marker} 4 more field(s) not shown_"));
        }
    }

    [Test]
    public async Task SendAsync_FieldOverItsLimit_IsCutTo2000WithTheMarker()
    {
        var e = Support.Some.Event(attributes: new Dictionary<string, object?> { ["log"] = new string('y', 2500) });

        var fields = FieldTexts(await SentAsync(Notify(alertEvent: e), o => o.Attributes = ["log"]));

        Assert.That(fields[4], Has.Length.EqualTo(2000).And.StartWith("*log*\nyyy").And.EndWith(s_marker));
    }

    [Test]
    public async Task SendAsync_BlocksOverTheTotalTextBudget_LongestTextsAreCutUntilTheyFit()
    {
        var attributes = Enumerable.Range(0, 6).ToDictionary(i => $"a{i}", i => (object?)new string((char)('a' + i), 1990));

        var message = await SentAsync(
            Notify(alertEvent: Support.Some.Event(attributes: attributes), message: new string('m', 2990)),
            o => o.Attributes = [.. attributes.Keys]);

        var texts = Texts(message.GetProperty("blocks")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(texts.Sum(t => t.Length), Is.LessThanOrEqualTo(12_000));
            Assert.That(texts.Sum(t => t.Length), Is.GreaterThan(11_900), "cut by the excess, not more");
            Assert.That(texts.Where(t => t.EndsWith(s_marker, StringComparison.Ordinal)), Is.Not.Empty);
        }
    }

    [Test]
    public async Task SendAsync_NonAsciiText_CountsCharactersNotEscapedBytes()
    {
        var japanese = string.Concat(Enumerable.Repeat("ディスク満杯", 480)); // 2,880 characters, 8,640 UTF-8 bytes
        var probe = CreateSut(o => o.MaxBlocksLength = 4_000);

        await probe.SendAsync(Notify(message: japanese), Ok);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(probe.Requests.Single().Json.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo(japanese));
            Assert.That(probe.Requests.Single().Body, Does.Contain("ディスク満杯"), "sent as UTF-8, not \\u escapes");
        }
    }

    [Test]
    public async Task SendAsync_CustomBlocksOverTheBlockLimit_KeepFortyNineAndSayHowManyWereLeftOut()
    {
        var payload = Blocks([.. Enumerable.Range(0, 60).Select(i => Section($"row {i}"))]);

        var message = await SentAsync(Notify(payload: payload));

        var blocks = message.GetProperty("blocks");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(blocks.GetArrayLength(), Is.EqualTo(50));
            Assert.That(blocks[48].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("row 48"));
            Assert.That(blocks[49].GetProperty("type").GetString(), Is.EqualTo("context"));
            Assert.That(blocks[49].GetProperty("elements")[0].GetProperty("text").GetString(), Is.EqualTo($"_{s_marker} 11 more block(s) not shown_"));
        }
    }

    [Test]
    public async Task SendAsync_CustomBlocksOverTheirOwnLimits_AreCutVisibly()
    {
        var longText = new string('z', 4000);
        var payload = Blocks(
            new JsonObject { ["type"] = "header", ["block_id"] = new string('b', 300), ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = longText } },
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = longText },
                ["fields"] = new JsonArray([.. Enumerable.Range(0, 14).Select(i => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = longText })]),
            },
            new JsonObject
            {
                ["type"] = "image",
                ["image_url"] = "https://example.com/a.png",
                ["alt_text"] = longText,
                ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = longText },
            },
            new JsonObject { ["type"] = "context", ["elements"] = new JsonArray([.. Enumerable.Range(0, 12).Select(i => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"c{i}" })]) },
            new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray([.. Enumerable.Range(0, 30).Select(i => (JsonNode)new JsonObject { ["type"] = "button", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = new string('k', 100) }, ["url"] = $"https://example.com/{i}" })]),
            });

        var message = await SentAsync(Notify(payload: payload), o => o.MaxBlocksLength = 100_000);

        var blocks = message.GetProperty("blocks");
        var fields = blocks[1].GetProperty("fields");
        var context = blocks[3].GetProperty("elements");
        var actions = blocks[4].GetProperty("elements");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(blocks[0].GetProperty("block_id").GetString(), Has.Length.EqualTo(255));
            Assert.That(blocks[0].GetProperty("text").GetProperty("text").GetString(), Has.Length.EqualTo(150).And.EndWith(s_marker));
            Assert.That(blocks[1].GetProperty("text").GetProperty("text").GetString(), Has.Length.EqualTo(3000).And.EndWith(s_marker));
            Assert.That(fields.GetArrayLength(), Is.EqualTo(10));
            Assert.That(fields[0].GetProperty("text").GetString(), Has.Length.EqualTo(2000).And.EndWith(s_marker));
            Assert.That(fields[9].GetProperty("text").GetString(), Is.EqualTo($"_{s_marker} 5 more field(s) not shown_"));
            Assert.That(blocks[2].GetProperty("alt_text").GetString(), Has.Length.EqualTo(2000).And.EndWith(s_marker));
            Assert.That(blocks[2].GetProperty("title").GetProperty("text").GetString(), Has.Length.EqualTo(2000));
            Assert.That(context.GetArrayLength(), Is.EqualTo(10));
            Assert.That(context[9].GetProperty("text").GetString(), Is.EqualTo($"_{s_marker} 3 more context element(s) not shown_"));
            Assert.That(actions.GetArrayLength(), Is.EqualTo(25));
            Assert.That(actions[0].GetProperty("text").GetProperty("text").GetString(), Has.Length.EqualTo(75).And.EndWith(s_marker));
        }
    }

    [Test]
    public async Task SendAsync_CustomBlockWithEmptyText_GetsADashSlackAccepts()
    {
        var message = await SentAsync(Notify(payload: Blocks(Section(string.Empty))));

        Assert.That(message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("-"));
    }

    [Test]
    public async Task SendAsync_CustomMessageWithHugeFallbackText_IsCutTo3000()
    {
        var message = await SentAsync(Notify(payload: new JsonObject { ["text"] = new string('f', 50_000) }.ToJsonString()));

        Assert.That(message.GetProperty("text").GetString(), Has.Length.EqualTo(3000).And.EndWith(s_marker));
    }
}
