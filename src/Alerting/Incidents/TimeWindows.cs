using System.Diagnostics.CodeAnalysis;

namespace Alerting.Incidents;

/// <summary>
/// When a rule, action or channel holds back problem notifications: while any of its mute intervals holds, and, when it
/// has active intervals, while none of them does. Resolutions are never held back, as with silences.
/// </summary>
internal sealed class TimeWindows(string owner, TimeInterval[] mute, TimeInterval[] active)
{
    /// <summary>Whether a problem notification is held back at <paramref name="now"/>, and why (with the reason tag).</summary>
    public bool HoldsBack(DateTimeOffset now, [NotNullWhen(true)] out string? reason, [NotNullWhen(true)] out string? reasonTag)
    {
        foreach (var interval in mute)
        {
            if (interval.Contains(now))
            {
                reason = $"{owner} is muted during time interval '{interval.Name}' ({interval.Zone.Id}).";
                reasonTag = DeliveryReasonTags.Muted;
                return true;
            }
        }

        if (active.Length > 0 && !AnyContains(active, now))
        {
            var names = string.Join(", ", active.Select(a => $"'{a.Name}' ({a.Zone.Id})"));
            reason = $"{owner} is active only during time interval{(active.Length > 1 ? "s" : string.Empty)} {names}.";
            reasonTag = DeliveryReasonTags.Inactive;
            return true;
        }

        reason = null;
        reasonTag = null;
        return false;
    }

    /// <summary>Whether any of <paramref name="intervals"/> holds at <paramref name="now"/>.</summary>
    public static bool AnyContains(TimeInterval[] intervals, DateTimeOffset now)
    {
        foreach (var interval in intervals)
        {
            if (interval.Contains(now))
            {
                return true;
            }
        }

        return false;
    }
}
