using Microsoft.Extensions.Options;

namespace Alerting.Testing.Internal;

/// <summary>Reports, with the app's configuration, each channel named to record that is not a channel of the app.</summary>
internal sealed class RecordedChannelsValidator(IReadOnlyCollection<string> recorded) : IValidateOptions<AlertingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var unknown = recorded.Where(channel => !options.Channels.ContainsKey(channel)).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(unknown.Select(channel =>
                $"Alerting.Testing: channel '{channel}' is named to record, but the app has no such channel (its channels: {(options.Channels.Count == 0 ? "none" : string.Join(", ", options.Channels.Keys))})."));
    }
}
