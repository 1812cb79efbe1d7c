namespace Alerting.Templates.Internal;

/// <summary>
/// One piece of a compiled template: literal text written as is, or a placeholder. A <paramref name="Typed"/>
/// placeholder (a whole JSON string holding one <c>{name:json}</c>) writes a JSON value instead of string content.
/// </summary>
internal readonly record struct TemplatePart(string? Literal, Hole? Hole, bool Typed = false)
{
    public static TemplatePlaceholder[] Placeholders(TemplatePart[] parts) =>
        [.. parts.Where(p => p.Hole is not null).Select(p => p.Hole!.Placeholder)];
}
