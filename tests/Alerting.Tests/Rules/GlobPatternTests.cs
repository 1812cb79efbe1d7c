using Alerting.Rules.Internal;
using Alerting.Rules;

namespace Alerting.Tests.Rules;

[TestFixture]
public sealed class GlobPatternTests
{
    [TestCase("job.failed", "job.failed", true)]
    [TestCase("job.failed", "JOB.Failed", true)]
    [TestCase("job.failed", "job.failed2", false)]
    [TestCase("job.failed", "job.faile", false)]
    public void IsMatch_PatternWithoutWildcard_MatchesWholeValueIgnoringCase(string pattern, string value, bool expected) =>
        Assert.That(new GlobPattern(pattern).IsMatch(value), Is.EqualTo(expected));

    [TestCase("import-*", "import-sales", true)]
    [TestCase("import-*", "IMPORT-Sales", true)]
    [TestCase("import-*", "import-", true)]
    [TestCase("import-*", "export-sales", false)]
    [TestCase("import-*", "my-import-sales", false)]
    [TestCase("job.*", "job.heartbeat_missed", true)]
    [TestCase("job.*", "jobs.failed", false)]
    public void IsMatch_WildcardAtEnd_MatchesPrefix(string pattern, string value, bool expected) =>
        Assert.That(new GlobPattern(pattern).IsMatch(value), Is.EqualTo(expected));

    [TestCase("*-daily", "sales-daily", true)]
    [TestCase("*-daily", "SALES-DAILY", true)]
    [TestCase("*-daily", "-daily", true)]
    [TestCase("*-daily", "sales-daily-2", false)]
    public void IsMatch_WildcardAtStart_MatchesSuffix(string pattern, string value, bool expected) =>
        Assert.That(new GlobPattern(pattern).IsMatch(value), Is.EqualTo(expected));

    [TestCase("import-*-daily", "import-sales-daily", true)]
    [TestCase("import-*-daily", "Import-Sales-Daily", true)]
    [TestCase("import-*-daily", "import--daily", true)]
    [TestCase("import-*-daily", "import-sales-weekly", false)]
    [TestCase("import-*-daily", "export-sales-daily", false)]
    [TestCase("ab*ba", "aba", false)]
    [TestCase("a*a", "a", false)]
    public void IsMatch_WildcardInMiddle_AnchorsBothEndsWithoutOverlap(string pattern, string value, bool expected) =>
        Assert.That(new GlobPattern(pattern).IsMatch(value), Is.EqualTo(expected));

    [TestCase("a*b*c", "a-b-c", true)]
    [TestCase("a*b*c", "a-c-b-c", true)]
    [TestCase("a*b*c", "a-c-x-c", false)]
    [TestCase("*sales*", "import-SALES-daily", true)]
    [TestCase("*sales*", "import-daily", false)]
    [TestCase("*x*y*", "--y--x--", false)]
    [TestCase("*x*y*", "--x--y--", true)]
    public void IsMatch_SeveralWildcards_FindsPartsInOrder(string pattern, string value, bool expected) =>
        Assert.That(new GlobPattern(pattern).IsMatch(value), Is.EqualTo(expected));

    [TestCase("anything")]
    [TestCase("")]
    public void IsMatch_StarAlone_MatchesEverything(string value) =>
        Assert.That(new GlobPattern("*").IsMatch(value), Is.True);

    [TestCase("job.*", true)]
    [TestCase("*", true)]
    [TestCase("job.failed", false)]
    public void HasWildcard_TellsWhetherPatternHasStar(string pattern, bool expected) =>
        Assert.That(new GlobPattern(pattern).HasWildcard, Is.EqualTo(expected));
}
