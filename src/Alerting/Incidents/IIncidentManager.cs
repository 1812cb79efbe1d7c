namespace Alerting.Incidents;

/// <summary>
/// Lists, acknowledges and resolves incidents. Registered by <c>services.AddAlerting(...)</c>; thread-safe.
/// Acknowledging stops re-notification and is forwarded to the incident's channels (PagerDuty acknowledge);
/// resolving by hand sends the same resolve notifications a resolving event does.
/// </summary>
public interface IIncidentManager
{
    /// <summary>Gets the incidents that are open or acknowledged, oldest first.</summary>
    /// <returns>A snapshot of each.</returns>
    IReadOnlyList<Incident> GetOpenIncidents();

    /// <summary>Acknowledges an open incident.</summary>
    /// <param name="incidentId">The incident's <see cref="Incident.Id"/>.</param>
    /// <param name="acknowledgedBy">Who is on it.</param>
    /// <param name="note">An optional note for the channels.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the channels' queues.</param>
    /// <returns>The acknowledged incident, or <see langword="null"/> when no open incident has that id.</returns>
    ValueTask<Incident?> AcknowledgeAsync(string incidentId, string acknowledgedBy, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves an open or acknowledged incident by hand.</summary>
    /// <param name="incidentId">The incident's <see cref="Incident.Id"/>.</param>
    /// <param name="resolvedBy">Who resolved it.</param>
    /// <param name="note">An optional note for the channels.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the channels' queues.</param>
    /// <returns>The resolved incident, or <see langword="null"/> when no open incident has that id.</returns>
    ValueTask<Incident?> ResolveAsync(string incidentId, string resolvedBy, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Posts a human update: the incident's channels get it (<c>NotificationKind.Update</c>), and an
    /// <see cref="AlertEventTypes.IncidentUpdated"/> event is published for rules that route updates by audience.
    /// Posting <see cref="IncidentPhase.Resolved"/> resolves the incident.
    /// </summary>
    /// <param name="incidentId">The incident's <see cref="Incident.Id"/>.</param>
    /// <param name="phase">Where the incident is.</param>
    /// <param name="message">What to tell people.</param>
    /// <param name="updatedBy">Who posts it.</param>
    /// <param name="audience">Who it is written for.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the queues.</param>
    /// <returns>The updated incident, or <see langword="null"/> when no open incident has that id.</returns>
    ValueTask<Incident?> UpdateAsync(string incidentId, IncidentPhase phase, string message, string updatedBy, IncidentAudience audience = IncidentAudience.Technical, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a silence (maintenance window) at run time, replacing one of the same name, and waits for the
    /// <see cref="ISilenceStore"/>: blocks for its round trip when the store is shared (prefer <see cref="AddSilenceAsync"/>).
    /// </summary>
    /// <param name="name">The silence name.</param>
    /// <param name="silence">The window and what it matches.</param>
    /// <exception cref="AlertingConfigurationException">The silence is invalid; the message names each problem.</exception>
    void AddSilence(string name, SilenceOptions silence);

    /// <summary>
    /// Ends a silence added at run time early, and waits for the <see cref="ISilenceStore"/>: blocks for its round trip
    /// when the store is shared (prefer <see cref="RemoveSilenceAsync"/>).
    /// </summary>
    /// <param name="name">The silence name.</param>
    /// <returns><see langword="false"/> when no silence added at run time has that name.</returns>
    bool RemoveSilence(string name);

    /// <summary>
    /// Adds a silence (maintenance window) at run time, replacing one of the same name: it holds on this instance once
    /// the returned task completes, and on every instance sharing the <see cref="ISilenceStore"/> once they hear of the
    /// change. A silence from configuration with the same name is set aside while this one is stored.
    /// </summary>
    /// <param name="name">The silence name.</param>
    /// <param name="silence">The window and what it matches.</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    /// <returns>A task that completes once the silence is stored and in force here.</returns>
    /// <exception cref="AlertingConfigurationException">The silence is invalid; the message names each problem.</exception>
    ValueTask AddSilenceAsync(string name, SilenceOptions silence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a silence added at run time early, here at once and on every instance sharing the <see cref="ISilenceStore"/>
    /// once they hear of the change. Silences from configuration end when the configuration changes.
    /// </summary>
    /// <param name="name">The silence name.</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    /// <returns><see langword="false"/> when no silence added at run time has that name.</returns>
    ValueTask<bool> RemoveSilenceAsync(string name, CancellationToken cancellationToken = default);
}
