using System.Globalization;
using System.Text;

namespace Alerting.Monitoring.Internal;

/// <summary>Durations and times as monitor messages show them: "1h 30m", "45s", "2026-11-22 09:00:00Z".</summary>
internal static class Durations
{
    public static string Describe(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalMilliseconds}ms");
        }

        var text = new StringBuilder();
        Append(text, (long)duration.TotalDays, "d");
        Append(text, duration.Hours, "h");
        Append(text, duration.Minutes, "m");
        Append(text, duration.Seconds, "s");
        return text.ToString();
    }

    public static string Describe(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder text, long value, string unit)
    {
        if (value > 0)
        {
            text.Append(text.Length == 0 ? string.Empty : " ").Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
