using Alerting.Notifiers.Webhook;

namespace Alerting.Tests.Notifiers.Webhook;

[TestFixture]
public class WebhookOptionsValidatorTests
{
    private const string SecretUrl = "http://hooks.example.com/alerts/t0k3n";

    private static IReadOnlyList<string> Validate(Action<WebhookOptions> change)
    {
        var options = new WebhookOptions { Url = "https://hooks.example.com/alerts" };
        change(options);
        var result = new WebhookOptionsValidator().Validate("hook", options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Test]
    public void Validate_Defaults_Pass()
    {
        Assert.That(Validate(_ => { }), Is.Empty);
    }

    [Test]
    public void Validate_NoUrl_NamesTheField()
    {
        Assert.That(Validate(o => o.Url = null), Has.One.StartWith("Url is required"));
    }

    [Test]
    public void Validate_PlainHttp_RejectedWithoutEchoingTheUrlUnlessAllowed()
    {
        var errors = Validate(o => o.Url = SecretUrl);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.One.StartWith("Url must be an absolute https URL"));
            Assert.That(errors, Has.None.Contain("t0k3n"));
            Assert.That(Validate(o => { o.Url = SecretUrl; o.Http.AllowInsecureHttp = true; }), Is.Empty);
        }
    }

    [Test]
    public void Validate_EverythingWrong_ListsEveryProblemWithoutSecrets()
    {
        var errors = Validate(o =>
        {
            o.Url = "https://hooks.example.com/{unclosed";
            o.Method = "DELETE";
            o.SigningSecret = "whsec_not-base64!";
            o.PermanentStatusCodes = [200];
            o.Headers["X-Source"] = "{source";
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Some.StartWith("Url:"));
            Assert.That(errors, Has.Some.StartWith("Method must be POST or PUT"));
            Assert.That(errors, Has.Some.StartWith("SigningSecret must be 'whsec_'"));
            Assert.That(errors, Has.Some.StartWith("PermanentStatusCodes: 200"));
            Assert.That(errors, Has.Some.StartWith("Headers[X-Source]:"));
            Assert.That(errors, Has.None.Contain("not-base64"));
        }
    }
}
