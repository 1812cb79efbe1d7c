using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class TemplateEscapingTests
{
    private static string Render(string value, TemplateEscaping escaping, string text = "<b>{v}</b>") =>
        MessageTemplate.Parse(text).Render(Some.Event(attributes: new Dictionary<string, object?> { ["v"] = value }), escaping);

    [TestCase("a\"b\\c", "a\\\"b\\\\c")]
    [TestCase("line1\nline2\r\t", "line1\\nline2\\r\\t")]
    [TestCase("</script>", "\\u003C/script\\u003E")]
    [TestCase("a&b'c", "a\\u0026b\\u0027c")]
    [TestCase("\u0001\u001f\u007f", "\\u0001\\u001F\\u007F")]
    [TestCase("\u2028\u2029", "\\u2028\\u2029")]
    [TestCase("pair \ud83d\ude00", "pair \ud83d\ude00")]
    public void Json_EscapesValueButNotLiteralText(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.Json), Is.EqualTo("<b>" + escaped + "</b>"));
    }

    [Test]
    public void Json_LoneSurrogate_BecomesReplacementCharacter()
    {
        var lone = "lone " + (char)0xD800 + " and " + (char)0xDC00;

        Assert.That(Render(lone, TemplateEscaping.Json, "{v}"), Is.EqualTo("lone \uFFFD and \uFFFD"));
    }

    [TestCase("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [TestCase("a & \"b\"", "a &amp; &quot;b&quot;")]
    [TestCase("bell\u0007 kept\nnewline", "bell kept\nnewline")]
    public void Html_EscapesEntitiesAndDropsControlCharacters(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.Html), Is.EqualTo("<b>" + escaped + "</b>"));
    }

    [TestCase("<!channel> & <@U123|x>", "&lt;!channel&gt; &amp; &lt;@U123|x&gt;")]
    [TestCase("*bold* \"quoted\"", "*bold* \"quoted\"")]
    public void SlackMrkdwn_EscapesOnlyAmpersandAndAngleBrackets(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.SlackMrkdwn), Is.EqualTo("<b>" + escaped + "</b>"));
    }

    [TestCase("a b/c?d=e&f", "a%20b%2Fc%3Fd%3De%26f")]
    [TestCase("Zürich ✓", "Z%C3%BCrich%20%E2%9C%93")]
    [TestCase("AZaz09-._~", "AZaz09-._~")]
    public void Url_PercentEncodesEverythingButUnreserved(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.Url, "https://x.example/runs?q={v}"), Is.EqualTo("https://x.example/runs?q=" + escaped));
    }

    [Test]
    public void None_KeepsTextButDropsControlCharacters()
    {
        Assert.That(Render("a\u0000b\u001bc\nd\te", TemplateEscaping.None, "{v}"), Is.EqualTo("abc\nd\te"));
    }
}
