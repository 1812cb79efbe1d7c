using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.Teams;

namespace Alerting.Tests.Notifiers.Teams;

[TestFixture]
public class TeamsOptionsValidatorTests
{
    private const string Url = "https://prod.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=s3cr3tsig";

    /// <summary>What start-up reports for the options: the type's own checks, then the shared Http checks.</summary>
    private static List<string> Problems(TeamsOptions options) =>
        [.. new TeamsOptionsValidator().Validate("ops-teams", options).Failures ?? [], .. new HttpNotifierOptionsValidator<TeamsOptions>().Validate("ops-teams", options).Failures ?? []];

    [Test]
    public void Validate_WorkflowsUrl_IsValid() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri(Url) }), Is.Empty);

    [Test]
    public void Validate_NoUrl_AsksForIt() =>
        Assert.That(Problems(new TeamsOptions()), Is.EqualTo(new[] { "WebhookUrl is required: the URL of a Workflows flow, from configuration, user secrets or an environment variable." }));

    [Test]
    public void Validate_HttpUrl_NamesTheFieldButNotTheSignature() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri(Url.Replace("https", "http", StringComparison.Ordinal)) }), Is.EqualTo(new[]
        {
            "WebhookUrl must use https (was http); set Http.AllowInsecureHttp to allow http, for tests on loopback.",
        }));

    [Test]
    public void Validate_HttpUrlWithAllowInsecureHttp_IsValid()
    {
        var options = new TeamsOptions { WebhookUrl = new Uri("http://127.0.0.1:5000/workflows/x?sig=s") };
        options.Http.AllowInsecureHttp = true;

        Assert.That(Problems(options), Is.Empty);
    }

    [TestCase(100)]
    [TestCase(40_000)]
    public void Validate_BodyBudgetOutsideTeamsLimits_IsRejected(int bytes) =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri(Url), MaxBodyBytes = bytes }), Is.EqualTo(new[] { $"MaxBodyBytes must be between 2000 and 28672 (was {bytes})." }));

    [Test]
    public void Validate_UnknownFormat_NamesIt() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri(Url), Format = (TeamsFormat)7 }), Is.EqualTo(new[] { "Format '7' is not one of AdaptiveCard, MessageCard." }));

    [Test]
    public void Validate_EmptyLinkText_IsRejected() =>
        Assert.That(Problems(new TeamsOptions { WebhookUrl = new Uri(Url), LinkText = " " }), Is.EqualTo(new[] { "LinkText must not be empty." }));

    [Test]
    public void Validate_SeveralProblems_AreListedTogetherWithoutTheSignature()
    {
        var options = new TeamsOptions { WebhookUrl = new Uri(Url.Replace("https", "ftp", StringComparison.Ordinal)), MaxBodyBytes = 0, Attributes = ["{x}"] };
        options.Http.RequestTimeout = TimeSpan.Zero;

        var problems = Problems(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(4));
            Assert.That(string.Join("\n", problems), Does.Not.Contain("s3cr3tsig"));
        }
    }
}
