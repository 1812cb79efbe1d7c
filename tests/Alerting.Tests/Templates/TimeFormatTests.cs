using System.Globalization;
using Alerting.Templates;
using Alerting.Templates.Internal;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class TimeFormatTests
{
    private static readonly DateTimeOffset[] s_times =
    [
        new(2026, 11, 22, 9, 12, 5, 7, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 23, 59, 59, TimeSpan.FromHours(5.5)).AddTicks(1_234_567),
        new(987, 3, 4, 0, 0, 0, TimeSpan.FromHours(-8)),
        new(2009, 10, 31, 12, 1, 9, 999, TimeSpan.Zero),
    ];

    [TestCase("yyyy-MM-dd HH:mm:ss")]
    [TestCase("yyyy-MM-dd HH:mm")]
    [TestCase("HH:mm:ss")]
    [TestCase("HH:mm:ss.fff")]
    [TestCase("yyyy-MM-ddTHH:mm:ss.fffffff")]
    [TestCase("dd/MM/yyyy")]
    [TestCase("dd.MM.yy")]
    [TestCase("yyyyMMdd_HHmmss")]
    [TestCase("'at' HH:mm 'UTC'")]
    [TestCase("\"day\" dd, HH\\h")]
    [TestCase("HH:mm:ss.f")]
    [TestCase("HH:mm:ss,ffff")]
    public void Append_CompiledFormat_WritesWhatTheFrameworkWritesInvariant(string format)
    {
        var compiled = TimeFormat.TryCompile(format);

        Assert.That(compiled, Is.Not.Null, "the format is compiled");
        foreach (var time in s_times)
        {
            Assert.That(Render(compiled!, time), Is.EqualTo(time.ToString(format, CultureInfo.InvariantCulture)), $"{time:o}");
        }
    }

    [TestCase("o")]
    [TestCase("u")]
    [TestCase("%d")]
    [TestCase("dd MMM yyyy")]
    [TestCase("dddd HH:mm")]
    [TestCase("hh:mm tt")]
    [TestCase("HH:mm zzz")]
    [TestCase("yyyy-MM-ddTHH:mm:ssK")]
    [TestCase("y-M-d")]
    [TestCase("HH:mm:ss.FFF")]
    [TestCase("d.M.yy H:m:s")]
    [TestCase("H:mm")]
    [TestCase("'unclosed HH")]
    [TestCase("'a\\'b' HH")]
    public void TryCompile_FormatWithNamesOffsetsStandardLettersOrOneDigitFields_IsLeftToTheFramework(string format) =>
        Assert.That(TimeFormat.TryCompile(format), Is.Null);

    [Test]
    public void Render_TimestampWithCompiledFormat_MatchesTheFrameworkInvariantAndCultureSpecific()
    {
        var template = MessageTemplate.Parse("{timestamp:yyyy-MM-dd HH:mm:ss}");
        var e = new AlertEvent("job.failed", "nightly") { Timestamp = s_times[1] };

        Assert.Multiple(() =>
        {
            Assert.That(template.Render(e), Is.EqualTo("2026-01-02 23:59:59"));
            Assert.That(
                template.Render(e, formatProvider: CultureInfo.GetCultureInfo("fi-FI")),
                Is.EqualTo(s_times[1].ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.GetCultureInfo("fi-FI"))),
                "another culture goes through the framework, with its own separators");
        });
    }

    [TestCase("at {timestamp:HH:mm}", TemplateEscaping.None, "at 23:59")]
    [TestCase("at {timestamp:HH:mm}", TemplateEscaping.Html, "at 23:59")]
    [TestCase("at {timestamp:HH:mm}", TemplateEscaping.Url, "at 23%3A59")]
    [TestCase("at {timestamp:'<b>'HH}", TemplateEscaping.Html, "at &lt;b&gt;23")]
    [TestCase("at {timestamp:'<b>'HH}", TemplateEscaping.SlackMrkdwn, "at &lt;b&gt;23")]
    [TestCase("at {timestamp:'\"'HH}", TemplateEscaping.Json, "at \\\"23")]
    public void Render_CompiledFormat_IsEscapedLikeAnyValueWhereItsTextNeedsIt(string text, TemplateEscaping escaping, string expected)
    {
        var e = new AlertEvent("job.failed", "nightly") { Timestamp = s_times[1] };

        Assert.That(MessageTemplate.Parse(text).Render(e, escaping), Is.EqualTo(expected));
    }

    private static string Render(TimeFormat format, DateTimeOffset time)
    {
        var output = new ValueStringBuilder(new char[8]);
        format.Append(ref output, time);
        return output.ToString();
    }
}
