namespace Alerting.Templates.Internal;

/// <summary>How the renderer writes a <see cref="TemplatePart"/>: the common cases get a short path of their own.</summary>
internal enum PartKind
{
    /// <summary>Literal text, written as is.</summary>
    Literal,

    /// <summary>A string read from the event (<c>{source}</c>, <c>{message}</c>, <c>{severity:upper}</c>), escaped.</summary>
    StringField,

    /// <summary>A timestamp in a compiled format whose text needs no escaping except in URLs (<see cref="CompiledPlaceholder.PlainTime"/>).</summary>
    PlainTime,

    /// <summary>A placeholder written as a typed JSON value.</summary>
    Typed,

    /// <summary>Any other placeholder: formatted into scratch space, then escaped.</summary>
    Value,
}
