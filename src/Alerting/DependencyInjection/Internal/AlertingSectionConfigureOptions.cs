using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Binds <see cref="AlertingOptions"/> from an Alerting configuration section with the source-generated binder. A value
/// the binder cannot convert (<c>"MaxAttempts": "many"</c>) stops it there, anywhere in the section; it becomes a
/// problem of the configuration (<see cref="AlertingOptions.UnreadValues"/>), so start-up fails listing it and a reload
/// carrying it is rejected while the running configuration stays, as for any other problem. (The reflection binder
/// dropped the channel or rule holding such a value without a word, and threw for one outside them.)
/// </summary>
internal sealed partial class AlertingSectionConfigureOptions(IConfiguration section) : IConfigureOptions<AlertingOptions>
{
    public void Configure(AlertingOptions options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder quotes the value since .NET 9; a secret typed into the wrong field must not reach a log.
            options.UnreadValues.Add($"Alerting: {QuotedValue().Replace(ex.Message, "value at '", 1)} Nothing after it in the section was read.");
        }
    }

    [GeneratedRegex("value '.*' at '", RegexOptions.Singleline)]
    private static partial Regex QuotedValue();
}
