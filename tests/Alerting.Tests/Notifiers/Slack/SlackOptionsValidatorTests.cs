using Alerting.Notifiers.Slack;

namespace Alerting.Tests.Notifiers.Slack;

[TestFixture]
public class SlackOptionsValidatorTests
{
    private static List<string> Problems(SlackOptions options) =>
        new SlackOptionsValidator().Validate("slack", options).Failures?.ToList() ?? [];

    [Test]
    public void Validate_WebhookUrl_IsValid() =>
        Assert.That(Problems(new SlackOptions { WebhookUrl = new Uri("https://hooks.slack.com/services/T/B/x") }), Is.Empty);

    [Test]
    public void Validate_BotTokenAndChannel_IsValid() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1", ChannelId = "C1" }), Is.Empty);

    [Test]
    public void Validate_Nothing_AsksForTheWebhookUrlOrABotToken() =>
        Assert.That(Problems(new SlackOptions()), Has.One.StartsWith("WebhookUrl is required"));

    [Test]
    public void Validate_BotTokenWithoutChannel_AsksForTheChannelId() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1" }), Has.One.StartsWith("ChannelId is required"));

    [Test]
    public void Validate_BothModes_AsksForOne() =>
        Assert.That(Problems(new SlackOptions { BotToken = "xoxb-1", ChannelId = "C1", WebhookUrl = new Uri("https://hooks.slack.com/services/T/B/x") }), Has.One.EqualTo("Set either WebhookUrl or BotToken, not both."));

    [Test]
    public void Validate_HttpWebhookUrl_NamesTheFieldButNotThePath()
    {
        var problems = Problems(new SlackOptions { WebhookUrl = new Uri("http://hooks.slack.com/services/T/B/s3cret") });

        Assert.That(problems, Has.One.StartsWith("WebhookUrl must use https").And.Not.Contains("s3cret"));
    }

    [Test]
    public void Validate_BadAttributeName_NamesIt() =>
        Assert.That(Problems(new SlackOptions { WebhookUrl = new Uri("https://h/x"), Attributes = ["ok", "{bad}"] }), Has.One.EqualTo("Attributes: '{bad}' is not an attribute name (no braces or colons)."));

    [Test]
    public void Validate_TinyBlockBudget_IsRejected() =>
        Assert.That(Problems(new SlackOptions { WebhookUrl = new Uri("https://h/x"), MaxBlocksLength = 10 }), Has.One.StartsWith("MaxBlocksLength must be at least 1000"));
}
