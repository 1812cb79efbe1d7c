namespace Alerting.Templates.Internal;

/// <summary>The <c>upper</c> and <c>lower</c> formats, and lower-case enum names: invariant, in place.</summary>
internal static class Casing
{
    public static void ToUpper(Span<char> text)
    {
        foreach (ref var c in text)
        {
            c = char.ToUpperInvariant(c);
        }
    }

    public static void ToLower(Span<char> text)
    {
        foreach (ref var c in text)
        {
            c = char.ToLowerInvariant(c);
        }
    }
}
