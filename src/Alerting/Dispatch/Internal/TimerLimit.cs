namespace Alerting.Dispatch.Internal;

/// <summary>Timers take at most <c>uint.MaxValue - 1</c> ms (about 49.7 days); a longer wait means no limit at all.</summary>
internal static class TimerLimit
{
    private static readonly TimeSpan s_max = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Whether <paramref name="timeout"/> is too long for a timer and so means "wait without limit".</summary>
    public static bool IsUnlimited(TimeSpan timeout) => timeout >= s_max || timeout == Timeout.InfiniteTimeSpan;

    /// <summary><paramref name="timeout"/> as a timer can take it.</summary>
    public static TimeSpan ForTimer(TimeSpan timeout) => IsUnlimited(timeout) ? Timeout.InfiniteTimeSpan : timeout;
}
