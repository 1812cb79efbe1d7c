namespace Alerting.Rules;

/// <summary>A rule's threshold as configured: <paramref name="Count"/> matches within <paramref name="Window"/>; the counting is the <see cref="IThresholdStore"/>'s.</summary>
internal sealed record ThresholdSettings(int Count, TimeSpan Window);
