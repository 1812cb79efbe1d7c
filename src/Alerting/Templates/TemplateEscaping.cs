namespace Alerting.Templates;

/// <summary>How substituted values are escaped for their destination. Literal template text is never escaped.</summary>
public enum TemplateEscaping
{
    /// <summary>Plain text (also SMS): values as they are, minus control characters other than tab, line feed and carriage return.</summary>
    None = 0,

    /// <summary>JSON string content: quotes, backslashes and control characters escaped, and <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 as <c>\u</c> escapes.</summary>
    Json = 1,

    /// <summary>HTML text and attribute values: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>, <c>"</c> and <c>'</c> as entities.</summary>
    Html = 2,

    /// <summary>Slack mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as entities, so values cannot form links or mentions.</summary>
    SlackMrkdwn = 3,

    /// <summary>A URI data component: everything but RFC 3986 unreserved characters percent-encoded as UTF-8.</summary>
    Url = 4,
}
