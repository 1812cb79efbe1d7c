using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Alerting.Templates;

namespace Alerting.Notifiers.Internal;

/// <summary>
/// What the built-in channels share when they list the alerts of a grouped notification (<see cref="Notification.Alerts"/>)
/// in their default rendering: the state label, the "…and N more alerts" line, how many leading alerts fit a channel's
/// limits (<see cref="Fit"/>), text lines cut to a length (<see cref="Lines"/>), and the JSON list of alert fields that
/// PagerDuty's <c>custom_details</c> and the webhook payload carry (<see cref="AddJson"/>).
/// </summary>
/// <remarks>
/// Alerts are listed in the order they joined the group; when they do not all fit, the first are shown and the rest
/// counted, never silently dropped. Event fields are raw: every value written here is cleaned of control characters
/// (as <see cref="TemplateEscaping.None"/> does) and cut visibly.
/// </remarks>
internal static class GroupedAlerts
{
    /// <summary>The longest source, type or message of one alert in the JSON list, as PagerDuty's fields.</summary>
    public const int MaxJsonFieldLength = 1024;

    /// <summary>
    /// The budget of the JSON list in UTF-8 bytes: half of PagerDuty's 512 KB body, and below the 1 MB that common
    /// receivers (nginx's default) accept, so the event's own fields and details keep their room.
    /// </summary>
    public const int MaxJsonBytes = 256_000;

    /// <summary>The bytes held back for <c>"alerts_omitted":N</c> when some alerts are left out of the JSON list.</summary>
    private const int OmittedMemberBytes = 32;

    /// <summary>The alert's state in capitals, as the channels label it: <c>NEW</c>, <c>FIRING</c> or <c>RESOLVED</c>.</summary>
    public static string Label(NotificationAlert alert) => alert.State.ToUpperInvariant();

    /// <summary>The line that stands for the alerts left out: <c>…and 3 more alerts</c>.</summary>
    public static string More(int hidden) =>
        string.Create(CultureInfo.InvariantCulture, $"{NotifierCapabilities.TruncationMarker}and {hidden} more alert{(hidden == 1 ? string.Empty : "s")}");

    /// <summary>
    /// How many of the leading items to show: all of them when they fit (at most <paramref name="maxItems"/>, their
    /// <paramref name="sizes"/> adding up to at most <paramref name="budget"/>); otherwise as many as fit together with
    /// the line that counts the rest (<paramref name="moreSize"/>, one of the <paramref name="maxItems"/>).
    /// </summary>
    /// <param name="sizes">Each item's size, in whatever unit <paramref name="budget"/> counts.</param>
    /// <param name="budget">The room for the items and the "more" line together.</param>
    /// <param name="maxItems">The most items shown, the "more" line included.</param>
    /// <param name="moreSize">The size of the "more" line.</param>
    public static int Fit(IReadOnlyList<int> sizes, int budget, int maxItems, int moreSize)
    {
        long total = 0;
        var shown = 0;
        while (shown < sizes.Count && shown < maxItems && total + sizes[shown] <= budget)
        {
            total += sizes[shown++];
        }

        if (shown == sizes.Count)
        {
            return shown;
        }

        while (shown > 0 && (shown > maxItems - 1 || total + moreSize > budget))
        {
            total -= sizes[--shown];
        }

        return shown;
    }

    /// <summary>
    /// One line per alert (<paramref name="line"/>, on one line and cut to <paramref name="maxLineLength"/>), each
    /// starting with a line feed, as many as fit in <paramref name="maxLength"/> characters, then the line
    /// <paramref name="more"/> gives for the number left out; empty when there are no alerts.
    /// </summary>
    public static string Lines(IReadOnlyList<NotificationAlert> alerts, Func<NotificationAlert, string> line, int maxLineLength, int maxLength, Func<int, string> more)
    {
        var lines = alerts.Select(a => "\n" + TextTruncation.Truncate(line(a), maxLineLength, out _).ReplaceLineEndings(" ")).ToList();
        var shown = Fit([.. lines.Select(l => l.Length)], maxLength, int.MaxValue, 1 + more(alerts.Count).Length);
        var text = new StringBuilder();
        foreach (var shownLine in lines.Take(shown))
        {
            text.Append(shownLine);
        }

        if (shown < alerts.Count)
        {
            text.Append('\n').Append(more(alerts.Count - shown));
        }

        return text.ToString();
    }

    /// <summary>
    /// The JSON object <paramref name="json"/> with the alerts added as <c>alerts</c> (in place of a member of that
    /// name): one object per alert with <c>state</c>, <c>source</c>, <c>type</c>, <c>severity</c>, <c>message</c>,
    /// <c>link</c> (an http or https URL, else null), <c>first_seen</c> (ISO 8601) and <c>occurrences</c>, as many as
    /// fit in <see cref="MaxJsonBytes"/>, and then <c>alerts_omitted</c> with the number left out, when any was. With
    /// <paramref name="counts"/>, also <c>alerts_firing</c> and <c>alerts_resolved</c>, counted over all alerts.
    /// </summary>
    /// <returns><paramref name="json"/> itself when there are no alerts or it is not a JSON object.</returns>
    public static string AddJson(string json, IReadOnlyList<NotificationAlert> alerts, bool counts)
    {
        if (alerts.Count == 0 || JsonPayload.TryParse(json) is not JsonObject target)
        {
            return json;
        }

        var items = alerts.Select(Json).ToList();
        var shown = Fit([.. items.Select(i => JsonShrinker.Size(i) + 1)], MaxJsonBytes, int.MaxValue, OmittedMemberBytes);
        target["alerts"] = new JsonArray([.. items.Take(shown)]);
        if (shown < items.Count)
        {
            target["alerts_omitted"] = items.Count - shown;
        }

        if (counts)
        {
            var resolved = alerts.Count(a => a.Status == AlertStatus.Resolved);
            target["alerts_firing"] = alerts.Count - resolved;
            target["alerts_resolved"] = resolved;
        }

        return Encoding.UTF8.GetString(JsonPayload.ToUtf8Bytes(target));
    }

    private static JsonNode Json(NotificationAlert alert)
    {
        var e = alert.Event;
        return new JsonObject
        {
            ["state"] = alert.State,
            ["source"] = Plain(e.Source),
            ["type"] = Plain(e.Type),
            ["severity"] = e.Severity.ToString().ToLowerInvariant(),
            ["message"] = e.Message is { } message ? Plain(message) : null,
            ["link"] = SafeLinks.AbsoluteOrNull(e.Url),
            ["first_seen"] = alert.FirstSeenAt.ToString("O", CultureInfo.InvariantCulture),
            ["occurrences"] = alert.Occurrences,
        };
    }

    /// <summary>Cut to <see cref="MaxJsonFieldLength"/> (first, so a huge value is not cleaned whole), then cleaned of control characters.</summary>
    private static string Plain(string text) =>
        MessageTemplate.Escape(TextTruncation.Truncate(text, MaxJsonFieldLength, out _), TemplateEscaping.None);
}
