using System.Text.Json;
using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15: a typed JSON value (<c>{name:json}</c>) nested past the depth limit was written as a .NET type name
/// (<c>"System.Collections.Generic.Di…"</c>). Past 32 levels a dictionary or sequence is now written as the string
/// <c>"…(nested deeper than 32 levels)"</c>, and a value inside itself (a cycle) as <c>"…(cycle: contains itself)"</c>
/// where it recurs, without recursing further.
/// </summary>
[TestFixture]
public sealed class JsonTemplateDepthTests_15
{
    private const string TooDeep = "…(nested deeper than 32 levels)";
    private const string Cycle = "…(cycle: contains itself)";

    [Test]
    public void Render_DictionariesNestedPastTheLimit_DeepestWrittenAsTheTooDeepMarker()
    {
        object? nested = "bottom";
        for (var i = 0; i < 40; i++)
        {
            nested = new Dictionary<string, object?> { ["d"] = nested };
        }

        var (json, x) = Render(nested);

        var levels = 0;
        while (x.ValueKind == JsonValueKind.Object)
        {
            levels++;
            x = x.GetProperty("d");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(levels, Is.EqualTo(32));
            Assert.That(x.GetString(), Is.EqualTo(TooDeep));
            Assert.That(json, Does.Not.Contain("System."));
        }
    }

    [Test]
    public void Render_ListsNestedPastTheLimit_DeepestWrittenAsTheTooDeepMarker()
    {
        object? nested = new[] { 1, 2 };
        for (var i = 0; i < 40; i++)
        {
            nested = new List<object?> { nested };
        }

        var (json, x) = Render(nested);

        var levels = 0;
        while (x.ValueKind == JsonValueKind.Array)
        {
            levels++;
            x = x[0];
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(levels, Is.EqualTo(32));
            Assert.That(x.GetString(), Is.EqualTo(TooDeep));
            Assert.That(json, Does.Not.Contain("System."));
        }
    }

    [Test]
    public void Render_DictionaryContainingItself_CycleMarkedWhereItRecurs()
    {
        var self = new Dictionary<string, object?> { ["name"] = "root" };
        self["self"] = self;

        var (json, x) = Render(self);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(x.GetProperty("name").GetString(), Is.EqualTo("root"));
            Assert.That(x.GetProperty("self").GetString(), Is.EqualTo(Cycle));
            Assert.That(json, Does.Not.Contain("System."));
        }
    }

    [Test]
    public void Render_CycleThroughAList_MarkedWhereTheDictionaryRecurs()
    {
        var root = new Dictionary<string, object?> { ["name"] = "root" };
        root["items"] = new List<object?> { "item", root };

        var (json, x) = Render(root);

        var items = x.GetProperty("items");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(items[0].GetString(), Is.EqualTo("item"));
            Assert.That(items[1].GetString(), Is.EqualTo(Cycle));
            Assert.That(json, Does.Not.Contain("System."));
        }
    }

    [Test]
    public void Render_SameValueTwiceSideBySide_IsNotACycle()
    {
        var shared = new Dictionary<string, object?> { ["n"] = 1 };

        var (_, x) = Render(new Dictionary<string, object?> { ["first"] = shared, ["second"] = shared });

        Assert.That(x.GetProperty("second").GetProperty("n").GetInt32(), Is.EqualTo(1));
    }

    private static (string Json, JsonElement X) Render(object? value)
    {
        var json = JsonTemplate.Parse("""{"x":"{v:json}"}""").Render(Some.Event(attributes: new Dictionary<string, object?> { ["v"] = value }));
        return (json, JsonDocument.Parse(json).RootElement.GetProperty("x").Clone());
    }
}
