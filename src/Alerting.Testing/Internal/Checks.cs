namespace Alerting.Testing.Internal;

/// <summary>The checks of one conformance case: each failure is noted, and all are thrown together at the end.</summary>
internal sealed class Checks(string caseName, IReadOnlyList<string> secrets)
{
    private readonly List<string> _failures = [];

    /// <summary>Notes <paramref name="failure"/> unless <paramref name="condition"/> holds.</summary>
    public void That(bool condition, string failure)
    {
        if (!condition)
        {
            _failures.Add(failure);
        }
    }

    /// <summary>Notes each secret that <paramref name="text"/> holds, naming <paramref name="where"/> it was found.</summary>
    public void NoSecret(string? text, string where)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s) && (text?.Contains(s, StringComparison.Ordinal) ?? false)))
        {
            _failures.Add($"{where} holds the secret '{Shown(secret)}': {(text!.Length <= 400 ? text : text[..400] + "…")}");
        }
    }

    /// <summary>Throws one exception listing every failure noted, if any.</summary>
    public void ThrowIfFailed()
    {
        if (_failures.Count > 0)
        {
            throw new AlertingAssertionException($"{caseName}:{string.Concat(_failures.Select(f => $"{Environment.NewLine}  - {f}"))}");
        }
    }

    /// <summary>Enough of a secret to tell which it is, not the whole of it.</summary>
    private static string Shown(string secret) => secret.Length <= 6 ? secret : $"{secret[..4]}…";
}
