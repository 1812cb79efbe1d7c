using Microsoft.Extensions.Configuration;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Configuration keys that are no longer read. The binder ignores unknown keys, so without this check a setting that
/// used to matter would silently stop mattering; instead start-up fails and says what replaced it.
/// </summary>
internal static class RetiredSettings
{
    private static readonly (string Key, string Replacement)[] s_channelKeys =
    [
        ("Http:MaxRetries", "the channel's one retry policy: set Retry.MaxAttempts, which counts the first attempt too (MaxRetries + 1)"),
        ("Http:BaseDelay", "the channel's one retry policy: set Retry.BaseDelay"),
        ("Http:MaxDelay", "the channel's one retry policy: set Retry.MaxDelay"),
        ("Http:MaxRetryAfter", "the channel's one retry policy: Retry.MaxDelay now caps a provider's Retry-After too"),
        ("Http:AttemptTimeout", "Http.RequestTimeout (the same setting, renamed: it bounds one request)"),
    ];

    /// <summary>Reports each retired key set under <c>Channels:{name}</c> of any Alerting configuration section.</summary>
    public static void Check(IEnumerable<AlertingConfigurationSource> sources, List<string> errors)
    {
        foreach (var channel in sources.SelectMany(s => s.Section.GetSection("Channels").GetChildren()))
        {
            foreach (var (key, replacement) in s_channelKeys)
            {
                if (channel.GetSection(key).Value is not null)
                {
                    errors.Add($"Channel '{channel.Key}': {key.Replace(':', '.')} is no longer read; it was replaced by {replacement}.");
                }
            }
        }
    }
}
