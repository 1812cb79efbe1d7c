namespace Alerting.Notifiers.Console;

/// <summary>Options of a console channel: the embedded default for demos and development, needing no account.</summary>
public sealed class ConsoleNotifierOptions
{
    /// <summary>Gets or sets where notifications are written.</summary>
    /// <value>Defaults to <see cref="ConsoleOutput.StandardOutput"/>.</value>
    public ConsoleOutput Output { get; set; } = ConsoleOutput.StandardOutput;

    /// <summary>Gets or sets whether the message is written under the title.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool IncludeMessage { get; set; } = true;

    /// <summary>Gets or sets the writer used for <see cref="ConsoleOutput.StandardOutput"/> (code only; for tests and redirection).</summary>
    /// <value>Defaults to <see langword="null"/>: <see cref="System.Console.Out"/>.</value>
    public TextWriter? Writer { get; set; }
}
