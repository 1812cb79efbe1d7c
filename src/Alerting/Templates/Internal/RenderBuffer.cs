using System.Runtime.CompilerServices;

namespace Alerting.Templates.Internal;

/// <summary>
/// Stack space for rendering, as a local rather than <c>stackalloc</c>: a method that allocates on the stack with
/// <c>stackalloc</c> and loops is compiled once, fully optimised but without the profile the runtime gathers
/// (tiered compilation and on-stack replacement do not apply to it); a local buffer keeps the renderer eligible. Not
/// zeroed in methods marked <see cref="SkipLocalsInitAttribute"/>.
/// </summary>
[InlineArray(Length)]
internal struct RenderBuffer
{
    /// <summary>The buffer's size in characters.</summary>
    public const int Length = 768;

    /// <summary>The characters a renderer's output starts with; the rest is scratch space for a value.</summary>
    public const int OutputLength = 512;

    private char _first;
}
