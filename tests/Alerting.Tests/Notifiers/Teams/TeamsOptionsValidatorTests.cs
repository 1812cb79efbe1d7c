using Alerting.Notifiers.Teams;

namespace Alerting.Tests.Notifiers.Teams;

[TestFixture]
public class TeamsOptionsValidatorTests
{
    private static List<string> Problems(TeamsOptions options) =>
        new TeamsOptionsValidator().Validate("teams", options).Failures?.ToList() ?? [];

    [Test]
    public void Validate_WorkflowsUrl_IsValid() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri("https://prod.logic.azure.com/workflows/x?sig=s") }), Is.Empty);

    [Test]
    public void Validate_NoUrl_AsksForIt() =>
        Assert.That(Problems(new TeamsOptions()), Has.One.StartsWith("WebhookUrl is required"));

    [Test]
    public void Validate_HttpUrl_NamesTheFieldButNotTheSignature() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri("http://prod.logic.azure.com/workflows/x?sig=s3cret") }), Has.One.StartsWith("WebhookUrl must use https").And.Not.Contains("s3cret"));

    [TestCase(100)]
    [TestCase(40_000)]
    public void Validate_BodyBudgetOutsideTeamsLimits_IsRejected(int bytes) =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri("https://h/x"), MaxBodyBytes = bytes }), Has.One.StartsWith("MaxBodyBytes must be between 2000 and 28672"));

    [Test]
    public void Validate_UnknownFormat_NamesIt() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri("https://h/x"), Format = (TeamsFormat)7 }), Has.One.EqualTo("Format '7' is not one of AdaptiveCard, MessageCard."));
}
