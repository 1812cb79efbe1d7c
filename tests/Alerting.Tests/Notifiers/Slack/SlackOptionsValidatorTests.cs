using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.Slack;

namespace Alerting.Tests.Notifiers.Slack;

[TestFixture]
public class SlackOptionsValidatorTests
{
    private const string Secret = "s3cr3tW3bh00k";

    /// <summary>What start-up reports for the options: the type's own checks, then the shared Http checks.</summary>
    private static List<string> Problems(SlackOptions options) =>
        [.. new SlackOptionsValidator().Validate("ops-slack", options).Failures ?? [], .. new HttpNotifierOptionsValidator<SlackOptions>().Validate("ops-slack", options).Failures ?? []];

    private static SlackOptions Webhook(string url = "https://hooks.slack.com/services/T0/B0/" + Secret) => new() { WebhookUrl = new Uri(url) };

    [Test]
    public void Validate_HttpsWebhookUrl_IsValid() =>
        Assert.That(Problems(Webhook()), Is.Empty);

    [Test]
    public void Validate_BotTokenAndChannelId_IsValid() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1-2-abc", ChannelId = "C0123" }), Is.Empty);

    [Test]
    public void Validate_Nothing_AsksForTheWebhookUrlOrABotToken() =>
        Assert.That(Problems(new SlackOptions()), Is.EqualTo(new[] { "WebhookUrl is required (or BotToken and ChannelId): take it from configuration, user secrets or an environment variable." }));

    [Test]
    public void Validate_BotTokenWithoutChannelId_AsksForTheChannelId() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1" }), Is.EqualTo(new[] { "ChannelId is required with BotToken: the id (C…) of the channel the bot posts to." }));

    [TestCase("not-a-token")]
    [TestCase("xoxb-with space")]
    [TestCase("")]
    public void Validate_BotTokenThatIsNotASlackToken_SaysSoWithoutEchoingIt(string token)
    {
        var problems = Problems(new SlackOptions { BotToken = token, ChannelId = "C1" });

        Assert.That(problems, Is.EqualTo(new[] { "BotToken must be a Slack token (xoxb-… for a bot) without spaces." }));
    }

    [Test]
    public void Validate_ChannelIdWithSpaces_IsRejected() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1", ChannelId = "# alerts" }), Has.One.EqualTo("ChannelId must be a channel id (C…) without spaces."));

    [Test]
    public void Validate_BothModes_AsksForOne()
    {
        var options = Webhook();
        options.BotToken = "xoxb-1";
        options.ChannelId = "C1";

        Assert.That(Problems(options), Is.EqualTo(new[] { "Set either WebhookUrl or BotToken, not both." }));
    }

    [Test]
    public void Validate_HttpWebhookUrl_NamesTheFieldButNotThePath() =>
        Assert.That(Problems(Webhook("http://hooks.slack.com/services/T0/B0/" + Secret)), Is.EqualTo(new[]
        {
            "WebhookUrl must use https (was http); set Http.AllowInsecureHttp to allow http, for tests on loopback.",
        }));

    [Test]
    public void Validate_HttpWebhookUrlWithAllowInsecureHttp_IsValid()
    {
        var options = Webhook("http://127.0.0.1:5000/services/T0/B0/x");
        options.Http.AllowInsecureHttp = true;

        Assert.That(Problems(options), Is.Empty);
    }

    [Test]
    public void Validate_BotWithHttpApiBaseUrl_NamesApiBaseUrl() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1", ChannelId = "C1", ApiBaseUrl = new Uri("http://slack.example.com/api/") }), Has.One.StartsWith("ApiBaseUrl must use https"));

    [Test]
    public void Validate_RelativeWebhookUrl_MustBeAbsolute() =>
        Assert.That(Problems(new SlackOptions { WebhookUrl = new Uri("/services/T0/B0/x", UriKind.Relative) }), Is.EqualTo(new[] { "WebhookUrl must be an absolute URL." }));

    [Test]
    public void Validate_BadAttributeName_NamesIt()
    {
        var options = Webhook();
        options.Attributes = ["ok", "{bad}"];

        Assert.That(Problems(options), Is.EqualTo(new[] { "Attributes: '{bad}' is not an attribute name (no braces or colons)." }));
    }

    [TestCase("")]
    [TestCase("a very long link text that goes on and on past the seventy-five characters Slack allows")]
    public void Validate_LinkTextEmptyOrOverSlacksButtonLimit_IsRejected(string text)
    {
        var options = Webhook();
        options.LinkText = text;

        Assert.That(Problems(options), Is.EqualTo(new[] { "LinkText must be 1 to 75 characters (Slack's limit for button text)." }));
    }

    [Test]
    public void Validate_TinyBlockBudget_IsRejected()
    {
        var options = Webhook();
        options.MaxBlocksLength = 10;

        Assert.That(Problems(options), Is.EqualTo(new[] { "MaxBlocksLength must be at least 1000 (was 10)." }));
    }

    [Test]
    public void Validate_SeveralProblems_AreListedTogetherAndNeverEchoTheSecret()
    {
        var options = Webhook("http://hooks.slack.com/services/T0/B0/" + Secret);
        options.MaxBlocksLength = 0;
        options.Http.CircuitBreakerFailureThreshold = 0;
        options.Attributes = [":"];

        var problems = Problems(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(4));
            Assert.That(string.Join("\n", problems), Does.Not.Contain(Secret));
        }
    }
}
