namespace Alerting.Diagnostics;

/// <summary>How many outcomes of one channel, severity and status an <see cref="INotificationHistoryStore"/> counted in a window.</summary>
/// <param name="ChannelName">The channel (<see cref="DeliveryOutcome.ChannelName"/>); <see langword="null"/> for events dropped before dispatch, which statistics show under <c>(queue)</c>.</param>
/// <param name="Severity">The severity shown.</param>
/// <param name="Status">The final state.</param>
/// <param name="Count">How many.</param>
public readonly record struct NotificationCount(string? ChannelName, AlertSeverity Severity, DeliveryOutcomeStatus Status, long Count);
