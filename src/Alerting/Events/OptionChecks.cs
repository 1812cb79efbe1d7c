namespace Alerting;

/// <summary>Checks of option values that several areas' compilers share; each adds what is wrong to the shared error list.</summary>
internal static class OptionChecks
{
    /// <summary>The values of a list option, trimmed, reporting each empty one (<paramref name="field"/>[i]).</summary>
    public static List<string> NonEmpty(string where, string field, List<string> values, List<string> errors)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                errors.Add($"{where}: {field}[{i}] is empty; remove it or give a name or pattern.");
            }
        }

        return [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())];
    }

    /// <summary>
    /// Reports a channel name that is not in <paramref name="configured"/> (the configured names, compared as the options
    /// compare them); one that is configured but failed to compile has its own errors already.
    /// </summary>
    public static void UnknownChannel(string where, string channel, ICollection<string> configured, List<string> errors)
    {
        if (!configured.Contains(channel))
        {
            var known = configured.Count == 0 ? "none are configured" : "known: " + string.Join(", ", configured.Order(StringComparer.OrdinalIgnoreCase));
            errors.Add($"{where}: Channel '{channel}' is not configured ({known}).");
        }
    }
}
