using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// The one rule for links that leave the library (a Slack button, a Teams <c>Action.OpenUrl</c>, PagerDuty's
/// <c>client_url</c>, <c>links</c> and <c>images</c>, the e-mail card's button, the <c>{url}</c> placeholder): only
/// absolute <c>http</c> and <c>https</c> URLs with a host, scheme compared case-insensitively. Anything else
/// (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>, <c>file:</c>, <c>mailto:</c>, <c>tel:</c>, relative references)
/// is dropped where the link would be written, never rewritten. Logs name a dropped link by <see cref="SchemeOf(Uri)"/>
/// only: the link is user data. A notifier that writes links uses it as the built-in channels do.
/// </summary>
public static class SafeLinks
{
    /// <summary>The longest scheme a log line quotes; longer ones are cut.</summary>
    private const int MaxSchemeLength = 20;

    private static readonly SearchValues<char> s_schemeCharacters =
        SearchValues.Create("+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Whether <paramref name="url"/> may leave: absolute, <c>http</c> or <c>https</c>, with a host.</summary>
    /// <param name="url">The link.</param>
    /// <returns><see langword="true"/> when it may be written.</returns>
    public static bool IsAllowed([NotNullWhen(true)] Uri? url) =>
        url is { IsAbsoluteUri: true } && IsWebScheme(url.Scheme) && url.Host.Length > 0;

    /// <summary>
    /// Whether the rendered link <paramref name="url"/> may leave as it is: it starts with <c>http://</c> or
    /// <c>https://</c> (nothing before the scheme, so what a browser reads is what was checked) and parses as an
    /// absolute URL with a host.
    /// </summary>
    /// <param name="url">The rendered link.</param>
    /// <returns><see langword="true"/> when it may be written.</returns>
    public static bool IsAllowed([NotNullWhen(true)] string? url) =>
        url is not null &&
        (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) &&
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && IsAllowed(parsed);

    /// <summary>The link as sent (<see cref="Uri.AbsoluteUri"/>) when it may leave; otherwise <see langword="null"/>.</summary>
    /// <param name="url">The link.</param>
    /// <returns>The link's text, or <see langword="null"/>.</returns>
    public static string? AbsoluteOrNull(Uri? url) => IsAllowed(url) ? url.AbsoluteUri : null;

    /// <summary>What a log may say about a dropped link: its scheme, cut short, or <c>relative</c>; never the link.</summary>
    /// <param name="url">The dropped link.</param>
    /// <returns>Its scheme, for a log line.</returns>
    public static string SchemeOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? Cut(url.Scheme) : "relative";
    }

    /// <summary>What a log may say about a dropped rendered link: its scheme, cut short, or <c>none</c>; never the link.</summary>
    /// <param name="url">The dropped rendered link.</param>
    /// <returns>Its scheme, for a log line.</returns>
    public static string SchemeOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? url.AsSpan(0, colon) : default;
        return scheme.Length > 0 && char.IsAsciiLetter(scheme[0]) && !scheme.ContainsAnyExcept(s_schemeCharacters)
            ? Cut(scheme.ToString().ToLowerInvariant())
            : "none";
    }

    private static bool IsWebScheme(string scheme) =>
        scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) || scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);

    private static string Cut(string scheme) => scheme.Length <= MaxSchemeLength ? scheme : scheme[..MaxSchemeLength] + "…";
}
