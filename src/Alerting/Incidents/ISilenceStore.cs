using Microsoft.Extensions.Primitives;

namespace Alerting.Incidents;

/// <summary>
/// Where the silences added at run time (<see cref="IIncidentManager.AddSilenceAsync"/>) are kept: in this process by
/// default (<see cref="InMemorySilenceStore"/>), or in a store shared by several instances of an app
/// (<c>Alerting.Redis</c>, or your own: register it as the <see cref="ISilenceStore"/> singleton after
/// <c>AddAlerting</c>), so a silence added or removed on one instance holds on all of them. Silences from configuration
/// are not kept here: each instance has them from its own configuration.
/// </summary>
/// <remarks>
/// Events never wait for the store: each instance keeps the silences in force in memory and reads the store again when
/// <see cref="GetChangeToken"/> says they may have changed (here or on another instance). A shared store therefore
/// raises that signal for changes made elsewhere too, and now and then on its own, as a safety net for a missed message.
/// Names compare ignoring case. The store keeps what it is given as data: the instance that reads it compiles and
/// validates it as it does a configured silence.
/// </remarks>
public interface ISilenceStore
{
    /// <summary>Adds a silence, or replaces the one of the same name.</summary>
    /// <param name="name">The silence name.</param>
    /// <param name="silence">The window and what it matches (the store keeps a copy).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the silence is stored.</returns>
    ValueTask SetAsync(string name, SilenceOptions silence, CancellationToken cancellationToken = default);

    /// <summary>Removes the silence of that name.</summary>
    /// <param name="name">The silence name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the store had no silence of that name.</returns>
    ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The silences stored, by name, leaving out those that ended by <paramref name="now"/> (the caller's clock; a store
    /// may delete ended silences, never one that has not ended yet).
    /// </summary>
    /// <param name="now">The time by the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each silence by name (names compared ignoring case); the caller does not change them.</returns>
    ValueTask<IReadOnlyDictionary<string, SilenceOptions>> GetAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// A token that fires when the silences may have changed, on this instance or, for a shared store, on another one;
    /// take a new token after each change (as <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> does).
    /// </summary>
    /// <returns>The token for the next change.</returns>
    IChangeToken GetChangeToken();
}
