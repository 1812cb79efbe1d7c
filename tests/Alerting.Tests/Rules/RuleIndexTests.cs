using Alerting.Rules.Internal;
using Alerting.Rules;

namespace Alerting.Tests.Rules;

[TestFixture]
public sealed class RuleIndexTests
{
    [Test]
    public void CollectCandidates_ThousandExactRulesAndThreeWildcards_YieldsTheTypesRuleAndMatchingWildcardsInOrder()
    {
        // Declaration order: a matching wildcard first, 500 exact rules, a wildcard that does not match,
        // 500 more exact rules, then another matching wildcard (a middle '*').
        var rules = new List<CompiledRule>();
        void Add(string type) => rules.Add(Rule(rules.Count, type));
        Add("custom.*");
        for (var i = 0; i < 500; i++)
        {
            Add($"custom.type-{i}");
        }

        Add("service.*");
        for (var i = 500; i < 1_000; i++)
        {
            Add($"custom.type-{i}");
        }

        Add("custom.*-700");
        var index = new RuleIndex(rules);

        var candidates = Collect(index, "custom.type-700");

        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(1_003));
            Assert.That(candidates.Select(r => r.Name), Is.EqualTo(new[] { "rule-0", "rule-702", "rule-1002" }));
            Assert.That(candidates[1].ExactTypes, Is.EqualTo(new[] { "custom.type-700" }));
        });
    }

    [Test]
    public void CollectCandidates_ClearsTheListFirst()
    {
        var index = new RuleIndex([Rule(0, "job.failed")]);
        var candidates = new List<CompiledRule> { Rule(9, "stale") };

        index.CollectCandidates("job.failed", candidates);

        Assert.That(candidates.Select(r => r.Name), Is.EqualTo(new[] { "rule-0" }));
    }

    [TestCase("JOB.FAILED")]
    [TestCase("Job.Failed")]
    public void CollectCandidates_TypeInOtherCase_FindsExactRule(string eventType) =>
        Assert.That(Collect(new RuleIndex([Rule(0, "job.failed")]), eventType).Select(r => r.Name), Is.EqualTo(new[] { "rule-0" }));

    [TestCase("custom.a")]
    [TestCase("job.failed")]
    public void CollectCandidates_RuleWithExactAndPatternTypes_AppearsOnceInItsPlace(string eventType)
    {
        var index = new RuleIndex([Rule(0, "job.failed", "custom.a"), Rule(1, "custom.a", "job.*"), Rule(2, "custom.a", "job.failed")]);

        Assert.That(Collect(index, eventType).Select(r => r.Name), Is.EqualTo(new[] { "rule-0", "rule-1", "rule-2" }));
    }

    [Test]
    public void CollectCandidates_RuleListingTheSameTypeTwice_AppearsOnce()
    {
        var index = new RuleIndex([Rule(0, "job.failed", "job.failed")]);

        Assert.That(Collect(index, "job.failed").Select(r => r.Name), Is.EqualTo(new[] { "rule-0" }));
    }

    [TestCase("job.failed")]
    [TestCase("anything.else")]
    public void CollectCandidates_RuleWithoutTypes_IsCandidateForEveryType(string eventType)
    {
        var index = new RuleIndex([Rule(0, "job.failed"), Rule(1), Rule(2, "job.failed")]);

        var expected = eventType == "job.failed" ? new[] { "rule-0", "rule-1", "rule-2" } : new[] { "rule-1" };
        Assert.That(Collect(index, eventType).Select(r => r.Name), Is.EqualTo(expected));
    }

    [Test]
    public void CollectCandidates_TypeNoRuleNames_YieldsNothing()
    {
        var index = new RuleIndex([Rule(0, "job.failed"), Rule(1, "service.*")]);

        Assert.That(Collect(index, "job.succeeded"), Is.Empty);
    }

    [Test]
    public void Find_IgnoresCase()
    {
        var rule = Rule(0, "job.failed");
        var index = new RuleIndex([rule]);

        Assert.Multiple(() =>
        {
            Assert.That(index.Find("RULE-0"), Is.SameAs(rule));
            Assert.That(index.Find("rule-1"), Is.Null);
        });
    }

    private static List<CompiledRule> Collect(RuleIndex index, string eventType)
    {
        var candidates = new List<CompiledRule>();
        index.CollectCandidates(eventType, candidates);
        return candidates;
    }

    /// <summary>A rule with only type conditions, split into exact types and patterns as the compiler does.</summary>
    private static CompiledRule Rule(int order, params string[] types)
    {
        var patterns = types.Select(t => new GlobPattern(t)).ToList();
        return new CompiledRule
        {
            Name = $"rule-{order}",
            Order = order,
            ExactTypes = [.. patterns.Where(p => !p.HasWildcard).Select(p => p.Pattern)],
            TypePatterns = [.. patterns.Where(p => p.HasWildcard)],
            Sources = [],
            MinimumSeverity = null,
            Environments = null,
            Status = null,
            Attributes = [],
            Predicate = null,
            Threshold = null,
        };
    }
}
