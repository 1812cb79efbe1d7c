namespace Alerting.Templates.Internal;

internal static class PartRenderer
{
    /// <summary>Appends the parts: literals as they are, placeholder values escaped.</summary>
    public static void Append(ref ValueStringBuilder output, TemplatePart[] parts, AlertEvent e, TemplateEscaping escaping, IReadOnlyDictionary<string, object?>? values)
    {
        var scratch = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            foreach (var part in parts)
            {
                if (part.Hole is not { } hole)
                {
                    output.Append(part.Literal);
                    continue;
                }

                scratch.Length = 0;
                if (hole.Kind == Hole.FormatKind.Json)
                {
                    JsonValueWriter.Append(ref scratch, hole.Resolve(e, values));
                }
                else
                {
                    hole.AppendText(ref scratch, e, values);
                }

                Escaper.Append(ref output, scratch.Written, escaping);
            }
        }
        finally
        {
            scratch.Dispose();
        }
    }
}
