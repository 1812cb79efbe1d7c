namespace Alerting.Notifiers.Slack.Internal;

/// <summary>Block Kit's limits for messages (providers reference, Slack section).</summary>
internal static class SlackLimits
{
    public const int Blocks = 50;
    public const int BlockId = 255;
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int Fields = 10;
    public const int FieldText = 2000;
    public const int ContextElements = 10;
    public const int ActionElements = 25;
    public const int ButtonText = 75;
    public const int Url = 3000;
    /// <summary>An image block's <c>alt_text</c> and <c>title</c>.</summary>
    public const int AltText = 2000;

    /// <summary>The fallback <c>text</c>: Slack accepts far more, but notifications show only the start.</summary>
    public const int FallbackText = 3000;

    /// <summary>Slack's rate: about one message per second per webhook or channel.</summary>
    public const int MessagesPerSecond = 1;
}
