namespace Alerting.Templates;

/// <summary>A template that cannot be parsed; the message names the position.</summary>
public sealed class TemplateException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public TemplateException()
        : this("The template is invalid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal TemplateException(string problem, string text, int index, Exception? innerException = null)
        : base(Describe(problem, text, index), innerException)
    {
        Index = index;
        (Line, Column) = Internal.TextPosition.Of(text, index);
    }

    /// <summary>Gets the 0-based index of the problem in the template text.</summary>
    public int Index { get; }

    /// <summary>Gets the 1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the problem.</summary>
    public int Column { get; }

    private static string Describe(string problem, string text, int index)
    {
        var (line, column) = Internal.TextPosition.Of(text, index);
        return $"{problem} at line {line}, column {column} (index {index}).";
    }
}
