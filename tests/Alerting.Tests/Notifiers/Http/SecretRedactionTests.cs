using Alerting.Notifiers.Internal;
using Alerting.Notifiers;

namespace Alerting.Tests.Notifiers.Http;

[TestFixture]
public class SecretRedactionTests
{
    [TestCase("https://hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/***")]
    [TestCase("https://example.com:8443/?sig=abc", "https://example.com:8443/***")]
    [TestCase("http://127.0.0.1:5000/", "http://127.0.0.1:5000")]
    [TestCase("https://user:pw@example.com/x", "https://example.com/***")]
    public void Url_AnyPathOrQuery_KeepsOnlySchemeHostAndPort(string url, string expected)
    {
        Assert.That(SecretRedaction.Url(new Uri(url)), Is.EqualTo(expected));
    }

    [Test]
    public void Scrub_KnownSecrets_ReplacedEverywhere()
    {
        Assert.That(SecretRedaction.Scrub("key abc and abc again, def", "abc", null, "", "def"), Is.EqualTo("key *** and *** again, ***"));
    }
}
