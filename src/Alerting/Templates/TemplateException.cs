using System.Globalization;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// A template that cannot be parsed. The message says what is wrong and where, for example
/// <c>Unclosed '{' (write '{{' for a literal brace) at line 1, column 14 (index 13).</c>
/// </summary>
public sealed class TemplateException : FormatException
{
    /// <summary>Creates the exception with a generic message and no position.</summary>
    public TemplateException()
        : this("The template is invalid.")
    {
    }

    /// <summary>Creates the exception with a message and no position.</summary>
    /// <param name="message">The message.</param>
    public TemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message, a cause and no position.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal TemplateException(string problem, string text, int index, Exception? innerException = null)
        : this(problem, index, TextPosition.Of(text, index), innerException)
    {
    }

    private TemplateException(string problem, int index, (int Line, int Column) position, Exception? innerException)
        : base(string.Create(CultureInfo.InvariantCulture, $"{problem} at line {position.Line}, column {position.Column} (index {index})."), innerException)
    {
        Index = index;
        (Line, Column) = position;
    }

    /// <summary>Gets the 0-based index of the problem in the template text.</summary>
    /// <value>0 when the exception was created without a position.</value>
    public int Index { get; }

    /// <summary>Gets the 1-based line of the problem; lines end at line feeds.</summary>
    /// <value>0 when the exception was created without a position.</value>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the problem, in UTF-16 characters.</summary>
    /// <value>0 when the exception was created without a position.</value>
    public int Column { get; }
}
