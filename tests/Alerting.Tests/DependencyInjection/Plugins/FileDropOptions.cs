namespace Alerting.Tests.DependencyInjection.Plugins;

/// <summary>Options of the test plugin <see cref="FileDropNotifier"/>, bound per channel.</summary>
public sealed class FileDropOptions
{
    public string? Folder { get; set; }

    public string Extension { get; set; } = ".txt";
}
