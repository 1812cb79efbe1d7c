using Microsoft.Extensions.Options;

namespace Alerting.Tests.DependencyInjection.Plugins;

/// <summary>Fails <see cref="FileDropOptions"/> without a folder, as a plugin's own options validation would.</summary>
public sealed class FileDropOptionsValidator : IValidateOptions<FileDropOptions>
{
    public ValidateOptionsResult Validate(string? name, FileDropOptions options) =>
        string.IsNullOrWhiteSpace(options.Folder) ? ValidateOptionsResult.Fail("Folder is required.") : ValidateOptionsResult.Success;
}
