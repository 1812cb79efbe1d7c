namespace Alerting.Notifiers.Internal;

/// <summary>
/// The one place secrets are taken out of text bound for logs, exception messages, reasons, activity tags and metrics:
/// URLs keep only their scheme, host and port (webhook paths and queries are credentials), and known secrets
/// (routing keys, tokens, signing secrets) are replaced wherever they appear.
/// </summary>
internal static class SecretRedaction
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>The URL's scheme, host and port, followed by <c>/***</c> when it had a path or a query.</summary>
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
    public static string Scrub(string text, params ReadOnlySpan<string?> secrets)
    {
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
