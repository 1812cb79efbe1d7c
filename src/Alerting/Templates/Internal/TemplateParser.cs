using System.Text;

namespace Alerting.Templates.Internal;

/// <summary>Parses <c>{name}</c>, <c>{name:format}</c>, <c>{{</c> and <c>}}</c> into parts; every error names its position.</summary>
internal static class TemplateParser
{
    public static TemplatePart[] Parse(string text, TemplateSource source)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '{' or '}' && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
            }
            else if (c == '{')
            {
                var close = FindClose(text, i, source);
                if (literal.Length > 0)
                {
                    parts.Add(new TemplatePart(literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add(new TemplatePart(null, ParsePlaceholder(text, i, close, source)));
                i = close + 1;
            }
            else if (c == '}')
            {
                throw source.Error("Unexpected '}' (write '}}' for a literal brace)", i);
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

    private static int FindClose(string text, int open, TemplateSource source)
    {
        for (var j = open + 1; j < text.Length; j++)
        {
            switch (text[j])
            {
                case '}':
                    return j;
                case '{':
                    throw source.Error("Unexpected '{' inside a placeholder (write '{{' for a literal brace)", j);
            }
        }

        throw source.Error("Unclosed '{' (write '{{' for a literal brace)", open);
    }

    private static CompiledPlaceholder ParsePlaceholder(string text, int open, int close, TemplateSource source)
    {
        var inner = text.AsSpan(open + 1, close - open - 1);
        if (inner.IsEmpty)
        {
            throw source.Error("Empty placeholder '{}'", open);
        }

        var colon = inner.IndexOf(':');
        var name = colon < 0 ? inner : inner[..colon];
        if (name.IsEmpty)
        {
            throw source.Error("Missing name before ':'", open + 1);
        }

        if (colon == inner.Length - 1)
        {
            throw source.Error("Empty format after ':'", open + 1 + colon);
        }

        for (var k = 0; k < name.Length; k++)
        {
            var ch = name[k];
            if (ch == '.')
            {
                if (k == 0 || k == name.Length - 1 || name[k - 1] == '.')
                {
                    throw source.Error("Misplaced '.' in placeholder name (names are like 'attributes.region')", open + 1 + k);
                }
            }
            else if (!char.IsLetterOrDigit(ch) && ch != '_' && ch != '-')
            {
                throw source.Error($"Invalid character '{ch}' in placeholder name (use letters, digits, '_', '-' and '.')", open + 1 + k);
            }
        }

        return CompiledPlaceholder.Create(name.ToString(), colon < 0 ? null : inner[(colon + 1)..].ToString(), source, open);
    }
}
