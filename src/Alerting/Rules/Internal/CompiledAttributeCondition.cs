using System.Globalization;
using System.Text.RegularExpressions;

namespace Alerting.Rules.Internal;

internal sealed class CompiledAttributeCondition(string name, string? value, Regex? pattern, bool negate)
{
    public bool IsSatisfiedBy(AlertEvent alertEvent)
    {
        try
        {
            var holds = alertEvent.Attributes.TryGetValue(name, out var raw) && raw is not null && Test(AsText(raw));
            return holds != negate;
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that runs out of time decides nothing: the condition fails, negated or not, and routing goes on.
            return false;
        }
    }

    private bool Test(string text) =>
        (value is null || string.Equals(text, value, StringComparison.Ordinal)) &&
        (pattern is null || pattern.IsMatch(text));

    /// <summary>An attribute value as the invariant text conditions (and inhibitions' equal names) compare.</summary>
    public static string AsText(object raw) => raw switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => raw.ToString() ?? string.Empty,
    };
}
