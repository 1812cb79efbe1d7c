namespace Alerting.Templates.Internal;

/// <summary>
/// One piece of a compiled template: literal text written as is, or a placeholder. A <paramref name="Typed"/>
/// placeholder (a whole JSON string holding one <c>{name:json}</c>) writes a JSON value instead of string content.
/// </summary>
internal readonly record struct TemplatePart(string? Literal, CompiledPlaceholder? Placeholder, bool Typed = false)
{
    /// <summary>Gets how the renderer writes this part, decided once at parse time (so make parts with the constructor, never <c>with</c>).</summary>
    public PartKind Kind { get; } =
        Literal is not null ? PartKind.Literal
        : Typed ? PartKind.Typed
        : Placeholder!.PlainTime is not null ? PartKind.PlainTime
        : Placeholder.ReadsString ? PartKind.StringField
        : PartKind.Value;

    public static TemplatePlaceholder[] Placeholders(TemplatePart[] parts) =>
        [.. parts.Where(p => p.Placeholder is not null).Select(p => p.Placeholder!.Written)];
}
