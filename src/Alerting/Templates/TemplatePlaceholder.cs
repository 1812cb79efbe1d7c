namespace Alerting.Templates;

/// <summary>One placeholder (<c>{name}</c>) in a template, as parsed.</summary>
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

    /// <summary>Gets the format after the first <c>:</c>, or <see langword="null"/>.</summary>
    public string? Format { get; }

    /// <summary>Gets the 0-based index of the opening brace in the template text.</summary>
    public int Index { get; }

    /// <summary>Gets the 1-based line of the opening brace.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the opening brace.</summary>
    public int Column { get; }

    /// <summary>Gets whether the name is a field of <see cref="AlertEvent"/> (<c>source</c>, <c>timestamp</c>...).</summary>
    public bool IsEventField { get; }

    /// <summary>Gets the attribute (or context value) looked up when the name is not an event field: <c>region</c> for both <c>{region}</c> and <c>{attributes.region}</c>.</summary>
    public string? AttributeName { get; }

    /// <inheritdoc />
    public override string ToString() => Format is null ? $"{{{Path}}}" : $"{{{Path}:{Format}}}";
}
