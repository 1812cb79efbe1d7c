using Microsoft.Extensions.Primitives;

namespace Alerting.Incidents;

/// <summary>
/// The default, in-process store of run-time silences: right for one instance (or for several instances in one process
/// that share this object), and what a shared store falls back to while its server cannot be reached. Keeps copies of
/// what it is given; its change token fires after each change.
/// </summary>
#pragma warning disable CA1001 // Its token sources have no timer, so nothing to release; tokens taken from them outlive any dispose.
public sealed class InMemorySilenceStore : ISilenceStore
#pragma warning restore CA1001
{
    private readonly object _lock = new();
    private readonly Dictionary<string, SilenceOptions> _silences = new(StringComparer.OrdinalIgnoreCase);
    private CancellationTokenSource _changes = new();

    /// <inheritdoc />
    public ValueTask SetAsync(string name, SilenceOptions silence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(silence);
        var copy = silence.Copy();
        lock (_lock)
        {
            _silences.Remove(name); // so the name keeps the spelling it was last set with
            _silences.Add(name, copy);
        }

        Changed();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        bool removed;
        lock (_lock)
        {
            removed = _silences.Remove(name);
        }

        if (removed)
        {
            Changed();
        }

        return ValueTask.FromResult(removed);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, SilenceOptions>> GetAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var ended in _silences.Where(p => p.Value.EndsAt <= now).Select(p => p.Key).ToList())
            {
                _silences.Remove(ended);
            }

            IReadOnlyDictionary<string, SilenceOptions> all = _silences.ToDictionary(p => p.Key, p => p.Value.Copy(), StringComparer.OrdinalIgnoreCase);
            return ValueTask.FromResult(all);
        }
    }

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changes).Token);

    /// <summary>Fires the current token (outside the lock: its callbacks may read the store) and starts a new one.</summary>
    private void Changed()
    {
        // The previous source is left to the collector: a token taken from it may still be registered on.
        var previous = Interlocked.Exchange(ref _changes, new CancellationTokenSource());
        previous.Cancel();
    }
}
