namespace Alerting.Notifiers.Console;

/// <summary>Where the console notifier writes.</summary>
public enum ConsoleOutput
{
    /// <summary>Standard output (or <see cref="ConsoleNotifierOptions.Writer"/> when set).</summary>
    StandardOutput = 0,

    /// <summary>An <c>ILogger</c> with category <c>Alerting.Console</c>, at a level that follows the severity.</summary>
    Logger = 1,
}
