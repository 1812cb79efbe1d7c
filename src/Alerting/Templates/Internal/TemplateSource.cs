namespace Alerting.Templates.Internal;

/// <summary>
/// Where the text being parsed sits in the text the user wrote: the whole of it (a message template), or the content
/// of one string in a JSON template, whose escape sequences make parsed and written positions differ.
/// </summary>
internal readonly struct TemplateSource
{
    private readonly int _offset;
    private readonly int[]? _map;

    /// <summary>Creates a source for text that starts at <paramref name="offset"/> in <paramref name="written"/>.</summary>
    /// <param name="written">The whole text as written, against which lines and columns are counted.</param>
    /// <param name="offset">Where the parsed text starts in <paramref name="written"/>.</param>
    /// <param name="map">For each parsed character, its offset in the written text; <see langword="null"/> when they are the same.</param>
    public TemplateSource(string written, int offset, int[]? map)
    {
        Written = written;
        _offset = offset;
        _map = map;
    }

    public string Written { get; }

    public static TemplateSource Whole(string text) => new(text, 0, null);

    /// <summary>The index in the written text of the parsed character at <paramref name="parsedIndex"/>.</summary>
    public int IndexOf(int parsedIndex) => _offset + (_map is null ? parsedIndex : _map[parsedIndex]);

    public TemplateException Error(string problem, int parsedIndex) => new(problem, Written, IndexOf(parsedIndex));
}
