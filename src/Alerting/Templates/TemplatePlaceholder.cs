namespace Alerting.Templates;

/// <summary>
/// One placeholder (<c>{name}</c> or <c>{name:format}</c>) of a parsed template, for validation and tooling: what it
/// names and where it is. Positions are in the template text as written; in a <see cref="JsonTemplate"/>, in the
/// JSON text, escape sequences included.
/// </summary>
public sealed class TemplatePlaceholder
{
    internal TemplatePlaceholder(string path, string? format, int index, int line, int column, bool isEventField, string? attributeName)
    {
        Path = path;
        Format = format;
        Index = index;
        Line = line;
        Column = column;
        IsEventField = isEventField;
        AttributeName = attributeName;
    }

    /// <summary>Gets the name as written, for example <c>attributes.region</c> or <c>timestamp</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the format: the text after the first <c>:</c>, for example <c>HH:mm</c> or <c>upper</c>.</summary>
    /// <value><see langword="null"/> when the placeholder has none.</value>
    public string? Format { get; }

    /// <summary>Gets the 0-based index of the opening brace in the template text.</summary>
    public int Index { get; }

    /// <summary>Gets the 1-based line of the opening brace; lines end at line feeds.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the opening brace, in UTF-16 characters.</summary>
    public int Column { get; }

    /// <summary>Gets whether the name is a field of <see cref="AlertEvent"/>: <c>source</c>, <c>timestamp</c>, the whole <c>attributes</c> bag...</summary>
    public bool IsEventField { get; }

    /// <summary>
    /// Gets the name looked up when the placeholder is not an event field: <c>region</c> for both <c>{region}</c> and
    /// <c>{attributes.region}</c>, <c>run</c> for <c>{attributes.run.id}</c>. For a name without the
    /// <c>attributes.</c> prefix a context value of that name, when given, is used first.
    /// </summary>
    /// <value><see langword="null"/> for event fields.</value>
    public string? AttributeName { get; }

    /// <summary>Returns the placeholder as written, braces included.</summary>
    /// <returns>For example <c>{timestamp:HH:mm}</c>.</returns>
    public override string ToString() => Format is null ? $"{{{Path}}}" : $"{{{Path}:{Format}}}";
}
