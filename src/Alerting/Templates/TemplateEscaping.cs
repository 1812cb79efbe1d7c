namespace Alerting.Templates;

/// <summary>
/// How substituted values are escaped for their destination; literal template text is never escaped. Every escaping
/// replaces unpaired surrogates with U+FFFD, so the output is always well-formed.
/// </summary>
public enum TemplateEscaping
{
    /// <summary>Plain text (also SMS): values as they are, minus control characters other than line feed and tab.</summary>
    None = 0,

    /// <summary>
    /// JSON string content: <c>"</c> and <c>\</c> escaped, control characters as <c>\n</c>, <c>\t</c>... or
    /// <c>\u00XX</c>, and <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, <c>'</c>, U+2028 and U+2029 as <c>\u</c> escapes so
    /// the text is also safe inside an HTML <c>&lt;script&gt;</c>.
    /// </summary>
    Json = 1,

    /// <summary>HTML text and attribute values: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>, <c>"</c> and <c>'</c> as entities; control characters other than line feed and tab dropped.</summary>
    Html = 2,

    /// <summary>Slack mrkdwn: only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as entities, so values cannot form links or mentions; control characters other than line feed and tab dropped.</summary>
    SlackMrkdwn = 3,

    /// <summary>A URI data component (a query value, a path segment): everything but RFC 3986 unreserved characters (<c>A-Z a-z 0-9 - . _ ~</c>) percent-encoded as UTF-8.</summary>
    Url = 4,
}
