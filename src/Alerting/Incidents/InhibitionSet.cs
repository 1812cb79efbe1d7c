namespace Alerting.Incidents;

/// <summary>
/// The inhibitions of one configuration, deciding for each routed event whether an open incident holds it back. The
/// store is asked only when an inhibition's target matches a firing event, once, for the open incidents of every
/// source type those inhibitions name.
/// </summary>
internal sealed class InhibitionSet(IReadOnlyList<Inhibition> inhibitions)
{
    public static InhibitionSet None { get; } = new([]);

    public IReadOnlyList<Inhibition> All { get; } = inhibitions;

    /// <summary>The first inhibition (in configuration order) that an open incident in <paramref name="store"/> makes hold back <paramref name="alertEvent"/>; null when none does.</summary>
    public async ValueTask<InhibitionMatch?> FindAsync(AlertEvent alertEvent, IIncidentStore store)
    {
        if (All.Count == 0 || alertEvent.Status != AlertStatus.Firing)
        {
            return null;
        }

        List<Inhibition>? targeting = null;
        foreach (var inhibition in All)
        {
            if (inhibition.Targets(alertEvent))
            {
                (targeting ??= []).Add(inhibition);
            }
        }

        if (targeting is null)
        {
            return null;
        }

        IReadOnlyCollection<string> types = targeting.Count == 1
            ? targeting[0].SourceTypes
            : targeting.SelectMany(i => i.SourceTypes).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var open = await store.FindByTypeAsync(types).ConfigureAwait(false);
        foreach (var inhibition in targeting)
        {
            foreach (var incident in open)
            {
                if (inhibition.IsInhibitedBy(alertEvent, incident))
                {
                    return new InhibitionMatch(inhibition, incident);
                }
            }
        }

        return null;
    }
}
