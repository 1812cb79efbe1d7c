using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class TemplateEscapingTests
{
    private const string Quotes = "a\"b'c\\d";
    private const string Lines = "l1\nl2\r\n\tx";
    private const string Braces = "{source} {{y}} }";
    private const string Script = "</script><b>&";
    private const string Controls = "\u0001\u007f\u0085\bx\f";
    private const string Separators = "\u2028\u2029";
    private const string Unicode = "Zürich ✓";

    // A value reaches the output one of two ways: an attribute is formatted into scratch space and escaped there; a
    // string field (here the message) is checked and, when nothing in it needs escaping, written straight into the
    // result. Both must escape alike.
    private static string Render(string value, TemplateEscaping escaping)
    {
        var viaAttribute = MessageTemplate.Parse("<b a='{{1}}'>{v}</b>").Render(Some.Event(attributes: new Dictionary<string, object?> { ["v"] = value }), escaping);
        var viaField = MessageTemplate.Parse("<b a='{{1}}'>{message}</b>").Render(Some.Event(message: value), escaping);

        Assert.That(viaField, Is.EqualTo(viaAttribute), "a string field is escaped like an attribute");
        return viaAttribute;
    }

    [TestCase(Quotes, Quotes)]
    [TestCase(Lines, "l1\nl2\n\tx")]
    [TestCase(Braces, Braces)]
    [TestCase(Script, Script)]
    [TestCase(Controls, "x")]
    [TestCase(Separators, Separators)]
    [TestCase(Unicode, Unicode)]
    public void None_KeepsTextButDropsControlCharactersOtherThanLineFeedAndTab(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.None), Is.EqualTo("<b a='{1}'>" + escaped + "</b>"));
    }

    [Test]
    public void None_StringFieldOfAnyLength_KeepsPrintableAsciiAndDropsAControlCharacterWhereverItIs()
    {
        var template = MessageTemplate.Parse("{message}");
        Assert.Multiple(() =>
        {
            for (var length = 1; length <= 33; length++)
            {
                var printable = string.Concat(Enumerable.Range(0, length).Select(i => (char)(' ' + (i * 7 % 95))));
                Assert.That(template.Render(Some.Event(message: printable)), Is.EqualTo(printable), $"printable, length {length}");
                for (var at = 0; at < length; at++)
                {
                    foreach (var control in "\u001f\u007f")
                    {
                        var value = printable[..at] + control + printable[(at + 1)..];
                        Assert.That(template.Render(Some.Event(message: value)), Is.EqualTo(printable[..at] + printable[(at + 1)..]), $"U+{(int)control:X4} at {at} of {length}");
                    }
                }
            }
        });
    }

    [TestCase(Quotes, "a\\\"b\\u0027c\\\\d")]
    [TestCase(Lines, "l1\\nl2\\r\\n\\tx")]
    [TestCase(Braces, Braces)]
    [TestCase(Script, "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026")]
    [TestCase(Controls, "\\u0001\\u007F\u0085\\bx\\f")]
    [TestCase(Separators, "\\u2028\\u2029")]
    [TestCase(Unicode, Unicode)]
    public void Json_EscapesStringContent(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.Json), Is.EqualTo("<b a='{1}'>" + escaped + "</b>"));
    }

    [TestCase(Quotes, "a&quot;b&#39;c\\d")]
    [TestCase(Lines, "l1\nl2\n\tx")]
    [TestCase(Braces, Braces)]
    [TestCase(Script, "&lt;/script&gt;&lt;b&gt;&amp;")]
    [TestCase(Controls, "x")]
    [TestCase(Unicode, Unicode)]
    public void Html_EscapesEntitiesAndDropsControlCharacters(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.Html), Is.EqualTo("<b a='{1}'>" + escaped + "</b>"));
    }

    [TestCase(Quotes, Quotes)]
    [TestCase(Lines, "l1\nl2\n\tx")]
    [TestCase(Braces, Braces)]
    [TestCase(Script, "&lt;/script&gt;&lt;b&gt;&amp;")]
    [TestCase("<!channel> <@U123|x> *bold* _it_", "&lt;!channel&gt; &lt;@U123|x&gt; *bold* _it_")]
    [TestCase(Controls, "x")]
    public void SlackMrkdwn_EscapesOnlyAmpersandAndAngleBrackets(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.SlackMrkdwn), Is.EqualTo("<b a='{1}'>" + escaped + "</b>"));
    }

    [TestCase(Quotes, "a%22b%27c%5Cd")]
    [TestCase(Lines, "l1%0Al2%0D%0A%09x")]
    [TestCase(Braces, "%7Bsource%7D%20%7B%7By%7D%7D%20%7D")]
    [TestCase(Script, "%3C%2Fscript%3E%3Cb%3E%26")]
    [TestCase(Controls, "%01%7F%C2%85%08x%0C")]
    [TestCase(Unicode, "Z%C3%BCrich%20%E2%9C%93")]
    [TestCase("AZaz09-._~", "AZaz09-._~")]
    [TestCase("a b/c?d=e&f+g#h", "a%20b%2Fc%3Fd%3De%26f%2Bg%23h")]
    public void Url_PercentEncodesEverythingButUnreserved(string value, string escaped)
    {
        Assert.That(Render(value, TemplateEscaping.Url), Is.EqualTo("<b a='{1}'>" + escaped + "</b>"));
    }

    // Built at run time: attribute arguments are stored as UTF-8, which cannot hold an unpaired surrogate.
    [TestCase(TemplateEscaping.None, "lone \uFFFD low \uFFFD pair \ud83d\ude00 end \uFFFD")]
    [TestCase(TemplateEscaping.Json, "lone \uFFFD low \uFFFD pair \ud83d\ude00 end \uFFFD")]
    [TestCase(TemplateEscaping.Html, "lone \uFFFD low \uFFFD pair \ud83d\ude00 end \uFFFD")]
    [TestCase(TemplateEscaping.SlackMrkdwn, "lone \uFFFD low \uFFFD pair \ud83d\ude00 end \uFFFD")]
    [TestCase(TemplateEscaping.Url, "lone%20%EF%BF%BD%20low%20%EF%BF%BD%20pair%20%F0%9F%98%80%20end%20%EF%BF%BD")]
    public void Escaping_UnpairedSurrogates_BecomeReplacementCharacters(TemplateEscaping escaping, string escaped)
    {
        var value = "lone " + (char)0xD800 + " low " + (char)0xDC00 + " pair \ud83d\ude00 end " + (char)0xD800;

        Assert.That(Render(value, escaping), Is.EqualTo("<b a='{1}'>" + escaped + "</b>"));
    }

    [Test]
    public void Escaping_AppliesToEveryPlaceholderButNeverToLiteralText()
    {
        var e = Some.Event(source: "a&b", message: "<i>");

        var rendered = MessageTemplate.Parse("<p>{source} & {message:upper}</p>").Render(e, TemplateEscaping.Html);

        Assert.That(rendered, Is.EqualTo("<p>a&amp;b & &lt;I&gt;</p>"));
    }

    [Test]
    public void Escaping_LongHostileValue_IsEscapedThroughout()
    {
        var value = string.Concat(Enumerable.Repeat("<\"\u0001>", 1_000));

        Assert.That(Render(value, TemplateEscaping.Html), Is.EqualTo("<b a='{1}'>" + string.Concat(Enumerable.Repeat("&lt;&quot;&gt;", 1_000)) + "</b>"));
    }
}
