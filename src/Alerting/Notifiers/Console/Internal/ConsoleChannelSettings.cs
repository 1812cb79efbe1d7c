using Microsoft.Extensions.Configuration;

namespace Alerting.Notifiers.Console.Internal;

/// <summary>
/// What a console channel reads from configuration: every <see cref="ConsoleNotifierOptions"/> setting but the
/// code-only <see cref="ConsoleNotifierOptions.Writer"/>, a <see cref="TextWriter"/> that the source-generated binder
/// cannot bind (nor could a configuration file set it).
/// </summary>
internal sealed class ConsoleChannelSettings
{
    public ConsoleOutput Output { get; set; }

    public bool IncludeMessage { get; set; }

    /// <summary>Binds a console channel's options from its configuration section, with the source-generated binder.</summary>
    public static void Bind(IConfiguration section, ConsoleNotifierOptions options)
    {
        var settings = new ConsoleChannelSettings { Output = options.Output, IncludeMessage = options.IncludeMessage };
        section.Bind(settings);
        options.Output = settings.Output;
        options.IncludeMessage = settings.IncludeMessage;
    }
}
