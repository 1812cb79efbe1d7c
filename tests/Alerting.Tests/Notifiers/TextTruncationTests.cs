using Alerting.Notifiers;
using Alerting.Notifiers.Internal;

namespace Alerting.Tests.Notifiers;

[TestFixture]
public class TextTruncationTests
{
    private const string Marker = NotifierCapabilities.TruncationMarker;

    [TestCase(null)]
    [TestCase(11)]
    [TestCase(100)]
    public void Truncate_TextFits_ReturnsItUnchanged(int? maxLength)
    {
        const string Text = "Disk full!!";

        var result = TextTruncation.Truncate(Text, maxLength, out var truncated);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.SameAs(Text));
            Assert.That(truncated, Is.False);
        }
    }

    [TestCase(10, "Disk full…")]
    [TestCase(5, "Disk…")]
    [TestCase(2, "D…")]
    [TestCase(1, "…")]
    public void Truncate_TextTooLong_CutsToMaxLengthEndingWithMarker(int maxLength, string expected)
    {
        var result = TextTruncation.Truncate("Disk full on db-7", maxLength, out var truncated);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(expected));
            Assert.That(result, Has.Length.EqualTo(maxLength));
            Assert.That(truncated, Is.True);
        }
    }

    [Test]
    public void Truncate_CutWouldSplitSurrogatePair_KeepsThePairWhole()
    {
        // "ab" + U+1F525 (two UTF-16 units at 2 and 3) + "cd": keeping 3 units would end on a high surrogate.
        var result = TextTruncation.Truncate("ab\U0001F525cd", 4, out _);

        Assert.That(result, Is.EqualTo("ab" + Marker));
    }

    [Test]
    public void Truncate_EveryLimitOverEmojiText_NeverSplitsAPairAndEndsWithMarker()
    {
        const string Text = "Server 🔥 on fire 🚒🚒 at db-7 😱";
        using (Assert.EnterMultipleScope())
        {
            for (var max = 2; max < Text.Length; max++)
            {
                var result = TextTruncation.Truncate(Text, max, out var truncated);

                Assert.That(truncated, Is.True);
                Assert.That(result, Does.EndWith(Marker));
                Assert.That(result.Length, Is.LessThanOrEqualTo(max));
                Assert.That(result.Length, Is.GreaterThanOrEqualTo(max - 1), "at most the one unit of a split pair is given up");
                Assert.That(IsWellFormed(result), Is.True, $"max {max} gave \"{result}\"");
                Assert.That(Text.StartsWith(result[..^Marker.Length], StringComparison.Ordinal), Is.True, "the kept part is the start of the text");
            }
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
