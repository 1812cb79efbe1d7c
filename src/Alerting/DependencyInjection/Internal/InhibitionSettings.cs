using Microsoft.Extensions.Configuration;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// The keys an inhibition reads from configuration. The binder ignores unknown keys, so a misspelt matcher would match
/// everything; instead start-up fails and names the key.
/// </summary>
internal static class InhibitionSettings
{
    private static readonly string[] s_inhibitionKeys = ["Enabled", "SourceMatchers", "TargetMatchers", "Equal"];
    private static readonly string[] s_matcherKeys = ["EventTypes", "Sources", "MinimumSeverity", "Environments", "Attributes"];

    /// <summary>Reports each key under <c>Inhibitions:{name}</c> (and its matchers) that no setting reads.</summary>
    public static void CheckKeys(IEnumerable<AlertingConfigurationSource> sources, List<string> errors)
    {
        foreach (var inhibition in sources.SelectMany(s => s.Section.GetSection("Inhibitions").GetChildren()))
        {
            var where = $"Inhibition '{inhibition.Key}'";
            foreach (var key in inhibition.GetChildren())
            {
                if (!s_inhibitionKeys.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"{where}: {key.Key} is not a setting (known: {string.Join(", ", s_inhibitionKeys)}).");
                }
                else if (key.Key.EndsWith("Matchers", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var unknown in key.GetChildren().Where(k => !s_matcherKeys.Contains(k.Key, StringComparer.OrdinalIgnoreCase)))
                    {
                        errors.Add($"{where}: {key.Key}.{unknown.Key} is not a setting (known: {string.Join(", ", s_matcherKeys)}).");
                    }
                }
            }
        }
    }
}
