namespace Alerting.Rules.Internal;

/// <summary>A case-insensitive pattern where <c>*</c> matches any run of characters (none included).</summary>
internal sealed class GlobPattern
{
    private readonly string[] _parts;
    private readonly bool _anchoredStart;
    private readonly bool _anchoredEnd;

    public GlobPattern(string pattern)
    {
        Pattern = pattern;
        _parts = pattern.Split('*');
        _anchoredStart = !pattern.StartsWith('*');
        _anchoredEnd = !pattern.EndsWith('*');
        HasWildcard = _parts.Length > 1;
    }

    public string Pattern { get; }

    public bool HasWildcard { get; }

    public bool IsMatch(string value)
    {
        if (!HasWildcard)
        {
            return string.Equals(value, Pattern, StringComparison.OrdinalIgnoreCase);
        }

        var text = value.AsSpan();
        var first = _parts[0];
        var last = _parts[^1];
        if ((_anchoredStart && !text.StartsWith(first, StringComparison.OrdinalIgnoreCase)) ||
            (_anchoredEnd && !text.EndsWith(last, StringComparison.OrdinalIgnoreCase)) ||
            text.Length < first.Length + last.Length)
        {
            return false;
        }

        // The first and last parts are anchored; the middle parts must appear in order, each as early as possible.
        text = text[first.Length..^last.Length];
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var part = _parts[i];
            var at = text.IndexOf(part, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            text = text[(at + part.Length)..];
        }

        return true;
    }
}
