using Alerting.Notifiers.Http;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Slack.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Slack;

/// <summary>Validates a Slack channel's options, listing every problem by field; URLs and tokens are never echoed.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, by field; empty when they are valid.</summary>
    internal static List<string> Problems(SlackOptions options)
    {
        var errors = new List<string>();
        var insecure = options.Http?.AllowInsecureHttp == true;
        if (options.BotToken is { } token)
        {
            if (!token.StartsWith("xox", StringComparison.Ordinal) || token.Any(char.IsWhiteSpace))
            {
                errors.Add("BotToken must be a Slack token (xoxb-… for a bot) without spaces.");
            }

            if (string.IsNullOrWhiteSpace(options.ChannelId))
            {
                errors.Add("ChannelId is required with BotToken: the id (C…) of the channel the bot posts to.");
            }
            else if (options.ChannelId.Any(char.IsWhiteSpace))
            {
                errors.Add("ChannelId must be a channel id (C…) without spaces.");
            }

            HttpOptionsValidation.CheckUrl(nameof(options.ApiBaseUrl), options.ApiBaseUrl, insecure, errors);
            if (options.WebhookUrl is not null)
            {
                errors.Add("Set either WebhookUrl or BotToken, not both.");
            }
        }
        else if (options.WebhookUrl is null)
        {
            errors.Add("WebhookUrl is required (or BotToken and ChannelId): take it from configuration, user secrets or an environment variable.");
        }
        else
        {
            HttpOptionsValidation.CheckUrl(nameof(options.WebhookUrl), options.WebhookUrl, insecure, errors);
        }

        if (options.MaxBlocksLength < SlackConstants.MinBlocksLength)
        {
            errors.Add($"MaxBlocksLength must be at least {SlackConstants.MinBlocksLength} (was {options.MaxBlocksLength}).");
        }

        if (string.IsNullOrWhiteSpace(options.LinkText) || options.LinkText.Length > SlackConstants.MaxButtonTextLength)
        {
            errors.Add($"LinkText must be 1 to {SlackConstants.MaxButtonTextLength} characters (Slack's limit for button text).");
        }

        if (options.SeverityEmoji is null)
        {
            errors.Add("SeverityEmoji is required (it may be empty).");
        }

        _ = AttributeFields.Compile(options.Attributes, errors);
        return errors;
    }
}
