namespace Alerting.Notifiers.Slack.Internal;

/// <summary>Slack's endpoints, Block Kit's limits for messages and the channel's defaults (providers reference, Slack section).</summary>
internal static class SlackConstants
{
    /// <summary>The logger category of the Slack channel.</summary>
    public const string LogCategory = "Alerting.Slack";

    /// <summary>The Web API base for <c>chat.postMessage</c>.</summary>
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>The Web API method that posts a message with a bot token.</summary>
    public const string PostMessageMethod = "chat.postMessage";

    /// <summary>Blocks per message (modals and the Home tab allow 100; messages 50).</summary>
    public const int MaxBlocks = 50;

    /// <summary>A block's <c>block_id</c>.</summary>
    public const int MaxBlockIdLength = 255;

    /// <summary>A header block's <c>plain_text</c>.</summary>
    public const int MaxHeaderTextLength = 150;

    /// <summary>A section's <c>text</c> (1 to 3000; empty text is rejected).</summary>
    public const int MaxSectionTextLength = 3000;

    /// <summary>A section's <c>fields</c>.</summary>
    public const int MaxFields = 10;

    /// <summary>Each of a section's fields.</summary>
    public const int MaxFieldTextLength = 2000;

    /// <summary>A context block's elements.</summary>
    public const int MaxContextElements = 10;

    /// <summary>An actions block's elements.</summary>
    public const int MaxActionElements = 25;

    /// <summary>A button's text.</summary>
    public const int MaxButtonTextLength = 75;

    /// <summary>A button's or an image's URL.</summary>
    public const int MaxUrlLength = 3000;

    /// <summary>An image block's <c>alt_text</c> and <c>title</c>.</summary>
    public const int MaxImageTextLength = 2000;

    /// <summary>The fallback <c>text</c>: Slack accepts far more, but notifications and previews show only the start.</summary>
    public const int MaxFallbackTextLength = 3000;

    /// <summary>An alert's line in the fallback text of a grouped notification: the text only previews the list.</summary>
    public const int MaxFallbackLineLength = 200;

    /// <summary>
    /// The default budget of text in all blocks together: Slack answers <c>msg_blocks_too_long</c> near 13,000 characters
    /// even when every block is within its own limit (observed, undocumented).
    /// </summary>
    public const int DefaultMaxBlocksLength = 12_000;

    /// <summary>The smallest <see cref="SlackOptions.MaxBlocksLength"/> accepted: room for a header, a message and the fields.</summary>
    public const int MinBlocksLength = 1_000;

    /// <summary>Slack's rate: about one message per second per webhook or channel, with short bursts tolerated.</summary>
    public const int MessagesPerSecond = 1;

    /// <summary>The start of a resolve's header.</summary>
    public const string ResolvedPrefix = ":white_check_mark: RESOLVED";

    /// <summary>The emoji of a resolved alert in a grouped notification's list.</summary>
    public const string ResolvedEmoji = ":white_check_mark:";

    /// <summary>The start of an acknowledgement's header.</summary>
    public const string AcknowledgedPrefix = ":eyes: ACKNOWLEDGED";

    /// <summary>The start of an incident update's header.</summary>
    public const string UpdatePrefix = ":memo: UPDATE";

    /// <summary>The start of a test notification's header.</summary>
    public const string TestPrefix = ":test_tube: TEST";

    /// <summary>The emoji of a severity missing from <see cref="SlackOptions.SeverityEmoji"/>.</summary>
    public const string FallbackEmoji = ":bell:";
}
