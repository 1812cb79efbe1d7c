namespace Alerting.Notifiers;

/// <summary>
/// The one place secrets are taken out of text bound for logs, exception messages, reasons, activity tags and metrics:
/// URLs keep only their scheme, host and port (webhook paths and queries are credentials), and known secrets
/// (routing keys, tokens, signing secrets) are replaced wherever they appear. The built-in channels use it as a plugin
/// would, for a reason a notifier builds itself (a provider's error text) or a URL it logs.
/// </summary>
public static class SecretRedaction
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>The URL's scheme, host and port, followed by <c>/***</c> when it had a path or a query.</summary>
    /// <param name="url">The URL; <see langword="null"/> gives an empty string, a relative one the mask.</param>
    /// <returns>What a log line may show of it.</returns>
    public static string Url(Uri? url)
    {
        if (url is null)
        {
            return string.Empty;
        }

        if (!url.IsAbsoluteUri)
        {
            return Mask;
        }

        var origin = url.Scheme + Uri.SchemeDelimiter + url.Authority;
        var rest = url.PathAndQuery;
        return rest is "" or "/" && url.Fragment.Length == 0 ? origin : origin + "/" + Mask;
    }

    /// <summary><paramref name="text"/> with every occurrence of each non-empty secret replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">The text (a reason, a provider's error message).</param>
    /// <param name="secrets">The secrets, longest first when one contains another; empty entries are skipped.</param>
    /// <returns>The text without the secrets.</returns>
    public static string Scrub(string text, params ReadOnlySpan<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
