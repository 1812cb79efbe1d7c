using System.Text.Json.Nodes;
using Alerting.Notifiers;
using Alerting.Notifiers.Internal;

namespace Alerting.Tests.Notifiers;

[TestFixture]
public sealed class JsonShrinkerTests
{
    private const string Marker = NotifierCapabilities.TruncationMarker;

    [Test]
    public void Fit_UnderTheBudget_ReturnsItUnchanged()
    {
        var node = JsonNode.Parse("""{"a":"short","n":[1,2,3]}""")!;

        var fitted = JsonShrinker.Fit(node, 1000, out var fitting);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fitted, Is.SameAs(node));
            Assert.That(fitted!.ToJsonString(), Is.EqualTo("""{"a":"short","n":[1,2,3]}"""));
            Assert.That(fitting.Changed, Is.False);
        }
    }

    [Test]
    public void Fit_LongStringsInMembersAndArrays_AllCutToACommonLengthEndingInTheMarker()
    {
        var node = new JsonObject
        {
            ["first"] = new string('a', 50_000),
            ["second"] = new string('b', 30_000),
            ["list"] = new JsonArray(new string('c', 40_000), "short"),
            ["n"] = 42,
        };

        var fitted = JsonShrinker.Fit(node, 30_000, out var fitting)!;

        var first = fitted["first"]!.GetValue<string>();
        var second = fitted["second"]!.GetValue<string>();
        var third = fitted["list"]![0]!.GetValue<string>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonShrinker.Size(fitted), Is.LessThanOrEqualTo(30_000).And.GreaterThan(29_900), "cut no more than needed");
            Assert.That(new[] { first, second, third }, Is.All.EndWith(Marker));
            Assert.That(Math.Max(first.Length, Math.Max(second.Length, third.Length)) - Math.Min(first.Length, Math.Min(second.Length, third.Length)), Is.LessThanOrEqualTo(2), "a common length");
            Assert.That(fitted["list"]![1]!.GetValue<string>(), Is.EqualTo("short"));
            Assert.That(fitted["n"]!.GetValue<int>(), Is.EqualTo(42));
            Assert.That((fitting.ValuesCut, fitting.MembersDropped.Count, fitting.Dropped), Is.EqualTo((3, 0, false)));
        }
    }

    [Test]
    public void Fit_MultiByteText_CountsUtf8BytesAndKeepsAllThatFits()
    {
        var node = new JsonObject { ["euro"] = new string('€', 100_000) };

        var fitted = JsonShrinker.Fit(node, 30_000, out var fitting)!;

        var text = fitted["euro"]!.GetValue<string>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fitting.Bytes, Is.LessThanOrEqualTo(30_000).And.EqualTo(JsonShrinker.Size(fitted)));
            Assert.That(text, Has.Length.GreaterThan(9_990).And.EndWith(Marker), "three bytes a character: about 10,000 fit");
        }
    }

    [Test]
    public void Fit_ManyShortMembers_LargestLeftOutAndNamedInTruncated()
    {
        var node = new JsonObject();
        for (var i = 0; i < 1_000; i++)
        {
            node[$"m{i:D4}"] = i;
        }

        node["big"] = new JsonArray([.. Enumerable.Range(0, 1_000).Select(i => (JsonNode?)i)]);

        var fitted = JsonShrinker.Fit(node, 2_000, out var fitting)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonShrinker.Size(fitted), Is.LessThanOrEqualTo(2_000));
            Assert.That(fitted.AsObject().ContainsKey("big"), Is.False);
            Assert.That(fitting.MembersDropped[0], Is.EqualTo("big"));
            Assert.That(fitted["truncated"]!.GetValue<string>(), Does.StartWith($"{Marker} {fitting.MembersDropped.Count} of 1001 members left out to fit the size limit: big, ").And.EndWith($" and {fitting.MembersDropped.Count - 10} more"));
            Assert.That(fitted["m0000"]!.GetValue<int>(), Is.EqualTo(0));
        }
    }

    [Test]
    public void Fit_ObjectThatHasATruncatedMember_NotesUnderAnotherName()
    {
        var node = new JsonObject { ["truncated"] = "mine", ["big"] = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode?)i)]) };

        var fitted = JsonShrinker.Fit(node, 200, out var fitting)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fitting.NoteName, Is.EqualTo("_truncated"));
            Assert.That(fitted["truncated"]!.GetValue<string>(), Is.EqualTo("mine"));
            Assert.That(fitted["_truncated"]!.GetValue<string>(), Does.Contain("big"));
        }
    }

    [Test]
    public void Fit_ArrayWithNothingToCut_ReturnsNullAndSaysDropped()
    {
        var node = new JsonArray([.. Enumerable.Range(0, 1_000).Select(i => (JsonNode?)i)]);

        var fitted = JsonShrinker.Fit(node, 500, out var fitting);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fitted, Is.Null);
            Assert.That(fitting.Dropped, Is.True);
            Assert.That(fitting.OriginalBytes, Is.EqualTo(JsonShrinker.Size(node)));
        }
    }

    [Test]
    public void Fit_StringRoot_CutVisibly()
    {
        var fitted = JsonShrinker.Fit(JsonValue.Create(new string('x', 5_000)), 1_000, out var fitting)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fitted.GetValue<string>(), Has.Length.EqualTo(996).And.EndWith(Marker), "996 characters: 995 bytes, the marker's 3 and the quotes");
            Assert.That(fitting.Bytes, Is.EqualTo(1_000));
        }
    }
}
