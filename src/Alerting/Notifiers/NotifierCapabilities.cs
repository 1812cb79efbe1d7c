using Alerting.Templates;

namespace Alerting.Notifiers;

/// <summary>
/// What a notifier can show and the limits its provider enforces, as data: Alerting escapes every event-derived value
/// for the channel and cuts text that is too long visibly (ending in <see cref="TruncationMarker"/>) before
/// calling the notifier, so the provider never rejects a notification for its size.
/// </summary>
public sealed class NotifierCapabilities
{
    /// <summary>Gets capabilities for plain-text channels with no length limits.</summary>
    public static NotifierCapabilities PlainText { get; } = new();

    /// <summary>The text that ends a value that was cut to fit a limit.</summary>
    public const string TruncationMarker = "…";

    /// <summary>Gets the escaping applied to values substituted in titles and subjects.</summary>
    /// <value>Defaults to <see cref="TemplateEscaping.None"/>.</value>
    public TemplateEscaping TitleEscaping { get; init; }

    /// <summary>Gets the escaping applied to values substituted in messages.</summary>
    /// <value>Defaults to <see cref="TemplateEscaping.None"/>.</value>
    public TemplateEscaping MessageEscaping { get; init; }

    /// <summary>Gets the escaping applied to values substituted in bodies.</summary>
    /// <value>Defaults to <see cref="TemplateEscaping.Html"/>.</value>
    public TemplateEscaping BodyEscaping { get; init; } = TemplateEscaping.Html;

    /// <summary>Gets the escaping applied to values substituted in JSON payloads, before JSON escaping.</summary>
    /// <value>Defaults to <see cref="TemplateEscaping.None"/>.</value>
    public TemplateEscaping PayloadValueEscaping { get; init; }

    /// <summary>Gets the longest title (and subject) the provider accepts, in UTF-16 code units.</summary>
    /// <value>Defaults to <see langword="null"/>: no limit.</value>
    public int? MaxTitleLength { get; init; }

    /// <summary>Gets the longest message the provider accepts, in UTF-16 code units.</summary>
    /// <value>Defaults to <see langword="null"/>: no limit.</value>
    public int? MaxMessageLength { get; init; }

    /// <summary>Gets the longest body the provider accepts, in UTF-16 code units.</summary>
    /// <value>Defaults to <see langword="null"/>: no limit.</value>
    public int? MaxBodyLength { get; init; }

    /// <summary>
    /// Gets whether the notifier retries transient failures itself (a provider SDK with its own retries), so Alerting
    /// calls it once per notification and counts the attempts it reports. No built-in channel does: HTTP notifiers,
    /// built-in or plugins, leave retries to the channel's <c>Retry</c> options.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>: Alerting retries retryable results per the channel's <c>Retry</c> options.</value>
    public bool RetriesInternally { get; init; }

    /// <summary>Gets the provider's published rate: how many notifications it accepts per <see cref="RatePeriod"/>.</summary>
    /// <value>Defaults to <see langword="null"/>: no limit. A channel's <c>RateLimit</c> options override it.</value>
    public int? RateLimit { get; init; }

    /// <summary>Gets the period of <see cref="RateLimit"/>.</summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan RatePeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets whether resolve notifications reach the notifier when the rule's action does not decide
    /// (<c>RuleActionOptions.SendResolved</c> unset). A host action that only acts when a problem fires (pause a
    /// schedule, cancel a run) says <see langword="false"/>: its resolves are recorded as skipped with the reason tag
    /// <see cref="DeliveryReasonTags.ResolveDisabled"/>.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>: the channel's <c>SendResolved</c> decides.</value>
    public bool ReceivesResolved { get; init; } = true;
}
