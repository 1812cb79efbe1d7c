using System.Text;

namespace Alerting.Templates.Internal;

/// <summary>One piece of a parsed template: literal text, or a placeholder.</summary>
internal readonly record struct TemplatePart(string? Literal, Hole? Hole);

/// <summary>Parses <c>{name}</c>, <c>{name:format}</c>, <c>{{</c> and <c>}}</c>; every error names its position.</summary>
internal static class TemplateParser
{
    /// <summary>Parses <paramref name="text"/>; positions in errors and placeholders are reported in <paramref name="positionText"/> terms, offset by <paramref name="offset"/>.</summary>
    public static TemplatePart[] Parse(string text, string positionText, int offset)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{')
                {
                    literal.Append('{');
                    i += 2;
                    continue;
                }

                var close = FindClose(text, i, positionText, offset);
                if (literal.Length > 0)
                {
                    parts.Add(new TemplatePart(literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add(new TemplatePart(null, ParseHole(text, i, close, positionText, offset)));
                i = close + 1;
            }
            else if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    literal.Append('}');
                    i += 2;
                    continue;
                }

                throw new TemplateException("Unexpected '}' (write '}}' for a literal brace)", positionText, offset + i);
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new TemplatePart(literal.ToString(), null));
        }

        return [.. parts];
    }

    private static int FindClose(string text, int open, string positionText, int offset)
    {
        for (var j = open + 1; j < text.Length; j++)
        {
            switch (text[j])
            {
                case '}':
                    return j;
                case '{':
                    throw new TemplateException("Unexpected '{' inside a placeholder (write '{{' for a literal brace)", positionText, offset + j);
            }
        }

        throw new TemplateException("Unclosed '{' (write '{{' for a literal brace)", positionText, offset + open);
    }

    private static Hole ParseHole(string text, int open, int close, string positionText, int offset)
    {
        var inner = text.AsSpan(open + 1, close - open - 1);
        if (inner.IsEmpty)
        {
            throw new TemplateException("Empty placeholder '{}'", positionText, offset + open);
        }

        var colon = inner.IndexOf(':');
        var name = colon < 0 ? inner : inner[..colon];
        string? format = null;
        if (colon >= 0)
        {
            if (colon == inner.Length - 1)
            {
                throw new TemplateException("Empty format after ':'", positionText, offset + open + 1 + colon);
            }

            format = inner[(colon + 1)..].ToString();
        }

        if (name.IsEmpty)
        {
            throw new TemplateException("Missing name before ':'", positionText, offset + open + 1);
        }

        for (var k = 0; k < name.Length; k++)
        {
            var ch = name[k];
            var at = offset + open + 1 + k;
            if (ch == '.')
            {
                if (k == 0 || k == name.Length - 1 || name[k - 1] == '.')
                {
                    throw new TemplateException("Misplaced '.' in placeholder name (names are like 'attributes.region')", positionText, at);
                }
            }
            else if (!char.IsLetterOrDigit(ch) && ch != '_' && ch != '-')
            {
                throw new TemplateException($"Invalid character '{ch}' in placeholder name (use letters, digits, '_', '-' and '.')", positionText, at);
            }
        }

        var path = name.ToString();
        var isField = Hole.IsEventField(path, out var attribute);
        var (line, column) = TextPosition.Of(positionText, offset + open);
        return new Hole(new TemplatePlaceholder(path, format, offset + open, line, column, isField, attribute), format);
    }
}
