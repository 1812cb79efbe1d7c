using Alerting.Incidents.Internal;

namespace Alerting.Incidents;

/// <summary>The silences in force: those from configuration and those added at run time. Reads take no lock.</summary>
internal sealed class SilenceRegistry
{
    private readonly object _lock = new();
    private Silence[] _silences = [];
    private Silence[] _configured = [];

    /// <summary>
    /// Puts the silences of a (re)loaded configuration in force in place of the previous configuration's; those added
    /// at run time stay, unless a configured one takes their name.
    /// </summary>
    public void ReplaceConfigured(IReadOnlyList<Silence> configured)
    {
        lock (_lock)
        {
            _silences = [.. _silences.Where(s => !_configured.Contains(s) && !configured.Any(c => SameName(c, s))), .. configured];
            _configured = [.. configured];
        }
    }

    private static bool SameName(Silence a, Silence b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds a silence, replacing one of the same name.</summary>
    public void Add(Silence silence)
    {
        lock (_lock)
        {
            _silences = [.. _silences.Where(s => !SameName(s, silence)), silence];
        }
    }

    /// <summary>Removes the silence of that name; false when there is none.</summary>
    public bool Remove(string name)
    {
        lock (_lock)
        {
            var before = _silences.Length;
            _silences = [.. _silences.Where(s => !string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))];
            return _silences.Length != before;
        }
    }

    /// <summary>The silence that silences <paramref name="alertEvent"/> now, if any; the clock is read only when there are silences.</summary>
    public Silence? Find(AlertEvent alertEvent, TimeProvider time)
    {
        var silences = Volatile.Read(ref _silences);
        if (silences.Length == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        foreach (var silence in silences)
        {
            if (silence.Silences(alertEvent, now))
            {
                return silence;
            }
        }

        return null;
    }
}
