namespace Alerting.Templates.Internal;

internal static class TextPosition
{
    /// <summary>The 1-based line and column of a 0-based index.</summary>
    public static (int Line, int Column) Of(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
