using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.PagerDuty;

namespace Alerting.Tests.Notifiers.PagerDuty;

[TestFixture]
public class PagerDutyOptionsValidatorTests
{
    private static IReadOnlyList<string> Validate(Action<PagerDutyOptions> change)
    {
        var options = new PagerDutyOptions { RoutingKey = PagerDutyNotifierTests.RoutingKey };
        change(options);
        // What start-up reports: the type's own checks, then the shared Http checks.
        return [.. new PagerDutyOptionsValidator().Validate("pagerduty-prod", options).Failures ?? [],
            .. new HttpNotifierOptionsValidator<PagerDutyOptions>().Validate("pagerduty-prod", options).Failures ?? []];
    }

    [Test]
    public void Validate_Defaults_Pass()
    {
        Assert.That(Validate(_ => { }), Is.Empty);
    }

    [Test]
    public void Validate_NoRoutingKey_NamesTheField()
    {
        Assert.That(Validate(o => o.RoutingKey = null), Has.One.StartWith("RoutingKey is required"));
    }

    [Test]
    public void Validate_RoutingKeyOfWrongLength_SaysSoWithoutEchoingIt()
    {
        const string key = "u+abcdefghijklmnopqrstuvwxyz-rest-api-token";

        var errors = Validate(o => o.RoutingKey = key);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.One.Contains("RoutingKey must be exactly 32 characters (has 43)"));
            Assert.That(errors, Has.None.Contains(key));
        }
    }

    [Test]
    public void Validate_HttpBaseUrl_RejectedUnlessAllowed()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Validate(o => o.BaseUrl = new Uri("http://127.0.0.1:5000")), Has.One.StartWith("BaseUrl must use https"));
            Assert.That(Validate(o => { o.BaseUrl = new Uri("http://127.0.0.1:5000"); o.Http.AllowInsecureHttp = true; }), Is.Empty);
        }
    }

    [Test]
    public void Validate_BadTemplatesAndHttpSettings_ListsEveryProblem()
    {
        var errors = Validate(o =>
        {
            o.Group = "{unclosed";
            o.Links.Add(new PagerDutyLinkOptions { Text = "no href" });
            o.Http.CircuitBreakerFailureThreshold = 0;
            o.Http.RequestTimeout = TimeSpan.Zero;
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Some.StartWith("Group:"));
            Assert.That(errors, Has.Some.EqualTo("Links[0].Href is required."));
            Assert.That(errors, Has.Some.StartWith("Http.CircuitBreakerFailureThreshold"));
            Assert.That(errors, Has.Some.StartWith("Http.RequestTimeout"));
        }
    }

    [Test]
    public void ToString_NeverShowsTheRoutingKey()
    {
        var options = new PagerDutyOptions { RoutingKey = PagerDutyNotifierTests.RoutingKey };

        Assert.That(options.ToString(), Does.Not.Contain(PagerDutyNotifierTests.RoutingKey));
    }
}
