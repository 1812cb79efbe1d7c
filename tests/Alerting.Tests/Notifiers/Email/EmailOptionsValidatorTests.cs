using Alerting.Diagnostics;
using Alerting.Notifiers.Email;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Notifiers.Email;

[TestFixture]
public sealed class EmailOptionsValidatorTests
{
    private const string Secret = "hunter2-do-not-show";

    private static EmailOptions Valid() => new()
    {
        Host = "smtp.example.com",
        From = "Alerts <alerts@example.com>",
        To = ["ops@example.com"],
        UserName = "alerts",
        Password = Secret,
    };

    private static IReadOnlyList<string> Failures(EmailOptions options)
    {
        var result = new EmailOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Test]
    public void Validate_ValidSmtpOptions_Succeeds() => Assert.That(Failures(Valid()), Is.Empty);

    [Test]
    public void Validate_PickupDirectoryInsteadOfHost_Succeeds()
    {
        var options = Valid();
        options.Host = null;
        options.PickupDirectory = "mail";

        Assert.That(Failures(options), Is.Empty);
    }

    [TestCase("To", "not an address")]
    [TestCase("To", "ops@")]
    [TestCase("Cc", "a@example.com, b@example.com")]
    [TestCase("Bcc", "@example.com")]
    [TestCase("Bcc", "")]
    public void Validate_BadRecipient_NamesFieldIndexAndAddress(string field, string address)
    {
        var options = Valid();
        var list = field switch { "To" => options.To, "Cc" => options.Cc, _ => options.Bcc };
        list.Add(address);

        Assert.That(Failures(options), Is.EqualTo(new[] { $"{field}[{list.Count - 1}]: '{address}' is not a valid e-mail address (one address per entry)." }));
    }

    [Test]
    public void Validate_FromWithLineBreak_IsRejectedAndShownWithVisibleBreaks()
    {
        var options = Valid();
        options.From = "alerts@example.com\r\nBcc: victim@example.net";

        Assert.That(Failures(options), Is.EqualTo(new[] { "From: 'alerts@example.com\\r\\nBcc: victim@example.net' is not a valid e-mail address." }));
    }

    [Test]
    public void Validate_NoFromAndNoRecipients_ReportsBoth()
    {
        var options = Valid();
        options.From = null;
        options.To.Clear();

        Assert.That(Failures(options), Has.Count.EqualTo(2)
            .And.Some.StartsWith("From is required")
            .And.Some.EqualTo("To, Cc and Bcc are all empty: give at least one recipient."));
    }

    [TestCase("smtp.example.com", "mail")]
    [TestCase(null, null)]
    public void Validate_HostAndPickupBothOrNeither_Fails(string? host, string? pickup)
    {
        var options = Valid();
        options.Host = host;
        options.PickupDirectory = pickup;

        Assert.That(Failures(options), Has.Some.StartsWith("Set either Host"));
    }

    [Test]
    public void Validate_SecurityNoneWithoutAllowPlainText_Fails()
    {
        var options = Valid();
        options.Security = EmailSecurity.None;

        Assert.That(Failures(options), Has.One.StartsWith("Security None sends alerts"));
    }

    [Test]
    public void Validate_SecurityNoneWithAllowPlainText_Succeeds()
    {
        var options = Valid();
        options.Security = EmailSecurity.None;
        options.AllowPlainText = true;

        Assert.That(Failures(options), Is.Empty);
    }

    [TestCase("12:34")]
    [TestCase("not-hex-not-hex-not-hex-not-hex-not-hex!")]
    public void Validate_BadThumbprint_Fails(string thumbprint)
    {
        var options = Valid();
        options.ServerCertificateThumbprint = thumbprint;

        Assert.That(Failures(options), Has.One.StartsWith($"ServerCertificateThumbprint '{thumbprint}'"));
    }

    [Test]
    public void Validate_ColonSeparatedSha1Thumbprint_Succeeds()
    {
        var options = Valid();
        options.ServerCertificateThumbprint = string.Join(':', Enumerable.Repeat("ab", 20));

        Assert.That(Failures(options), Is.Empty);
    }

    [Test]
    public void Validate_MissingCertificateFile_Fails()
    {
        var options = Valid();
        options.ServerCertificateFile = Path.Combine(TestContext.CurrentContext.WorkDirectory, "missing.pem");

        Assert.That(Failures(options), Has.One.Contains("cannot be read"));
    }

    [Test]
    public void Validate_ManyProblems_NeverShowsThePassword()
    {
        var options = Valid();
        options.From = "nobody";
        options.To.Add("ops@");
        options.Port = -1;
        options.Security = EmailSecurity.None;
        options.UserName = null;

        Assert.That(Failures(options), Has.Count.EqualTo(5).And.None.Contains(Secret));
    }

    [Test]
    public void ToString_WithPassword_HidesIt()
    {
        var text = Valid().ToString();

        Assert.That(text, Does.Not.Contain(Secret).And.Contains("password ***").And.Contains("smtp.example.com"));
    }

    [Test]
    public async Task Validate_ThroughAddAlerting_NamesChannelAndBadAddress()
    {
        var services = new ServiceCollection();
        services.AddAlerting(alerting => alerting.AddEmail("ops-email", o =>
        {
            o.PickupDirectory = "mail";
            o.From = "alerts@example.com";
            o.To = ["ops@example.com", "ops at example.com"];
        }));
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IAlertingTester>().Validate(),
            Has.One.EqualTo("Channel 'ops-email': To[1]: 'ops at example.com' is not a valid e-mail address (one address per entry)."));
    }

    [Test]
    public async Task AddAlerting_EmailChannelFromConfiguration_BindsAndDelivers()
    {
        var folder = Path.Combine(Path.GetTempPath(), "alerting-email-config-" + Guid.NewGuid().ToString("N"));
        var json = $$"""
            { "Alerting": {
                "Channels": { "mail": { "Type": "email", "PickupDirectory": {{System.Text.Json.JsonSerializer.Serialize(folder)}},
                                        "From": "alerts@example.com", "To": [ "ops@example.com" ], "Cc": [ "lead@example.com" ] } },
                "Rules": { "all": { "EventTypes": [ "job.failed" ], "Actions": [ { "Channel": "mail" } ] } } } }
            """;
        await using var harness = ConfiguredAlerting.Create(json);
        try
        {
            var result = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

            Assert.That(result.AllDelivered, Is.True);
            Assert.That(Directory.GetFiles(folder, "*.eml"), Has.Length.EqualTo(1));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
