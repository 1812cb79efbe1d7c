using Alerting.Incidents.Internal;
using Alerting.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Alerting.Incidents;

/// <summary>
/// The silences in force: those from configuration and those added at run time, which live in the
/// <see cref="ISilenceStore"/> (shared by every instance when the store is). Events read one immutable snapshot, without a
/// lock and without going to the store; the snapshot is rebuilt when the configuration changes, when this instance adds
/// or removes a silence, and when the store signals a change (one re-read at a time). A run-time silence takes the place
/// of a configured one of the same name while it lasts.
/// </summary>
internal sealed class SilenceRegistry : IDisposable
{
    private readonly object _lock = new();
    private readonly ISilenceStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Silence[] _silences = [];
    private Silence[] _configured = [];
    private Dictionary<string, Silence> _runtime = new(StringComparer.OrdinalIgnoreCase);
    private TimeIntervalCatalog _intervals = TimeIntervalCatalog.Empty;
    private IDisposable? _watch;
    private long _versions;
    private long _applied;
    private int _refreshRequested;
    private int _refreshing;
    private bool _disposed;

    public SilenceRegistry(ISilenceStore store, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        _store = store;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SilenceLog.Category);
    }

    /// <summary>
    /// Starts following the store: reads it now and again whenever it signals a change. Idempotent; called when
    /// dispatch starts.
    /// </summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_watch is not null || _disposed)
            {
                return;
            }

            _watch = ChangeToken.OnChange(_store.GetChangeToken, RequestRefresh);
        }

        RequestRefresh();
    }

    /// <summary>
    /// Puts the silences of a (re)loaded configuration in force in place of the previous configuration's; those added at
    /// run time stay, and keep their name over a configured one. Run-time silences added or read from now on find the
    /// time intervals they name in <paramref name="intervals"/>; once started, those already in force are read again to
    /// find them there too.
    /// </summary>
    public void ReplaceConfigured(IReadOnlyList<Silence> configured, TimeIntervalCatalog intervals)
    {
        bool reread;
        lock (_lock)
        {
            reread = _watch is not null && !ReferenceEquals(_intervals, intervals);
            Volatile.Write(ref _intervals, intervals);
            _configured = [.. configured];
            Rebuild();
        }

        if (reread)
        {
            RequestRefresh();
        }
    }

    /// <summary>Compiles a silence (throwing what is wrong with it), stores it and puts it in force here at once.</summary>
    public async ValueTask AddAsync(string name, SilenceOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var silence = RuleCompiler.CompileSilence(name, options, Volatile.Read(ref _intervals), errors) ?? throw new AlertingConfigurationException(errors);
        await _store.SetAsync(name, options, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            Supersede();
            _runtime = new(_runtime, StringComparer.OrdinalIgnoreCase) { [name] = silence };
            Rebuild();
        }
    }

    /// <summary>Removes the run-time silence of that name from the store and ends it here at once; false when there is none.</summary>
    public async ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        var removed = await _store.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (removed || _runtime.ContainsKey(name))
            {
                Supersede();
                _runtime = new(_runtime.Where(p => !string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
                Rebuild();
            }
        }

        return removed;
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

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _watch?.Dispose();
            _watch = null;
        }
    }

    /// <summary>Asks for a re-read of the store; one runs at a time, and requests made meanwhile are served by one more.</summary>
    private void RequestRefresh()
    {
        Volatile.Write(ref _refreshRequested, 1);
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshWhileRequestedAsync();
        }
    }

    private async Task RefreshWhileRequestedAsync()
    {
        do
        {
            while (Interlocked.Exchange(ref _refreshRequested, 0) == 1 && !Volatile.Read(ref _disposed))
            {
                await RefreshAsync().ConfigureAwait(false);
            }

            Volatile.Write(ref _refreshing, 0);
        }
        while (Volatile.Read(ref _refreshRequested) == 1 && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0);
    }

    /// <summary>
    /// Reads the store and puts its silences in force, unless this instance changed them after the read began (that
    /// change is newer; the store's signal for it brings another read). Problems are logged, and the last snapshot kept.
    /// </summary>
    private async Task RefreshAsync()
    {
        var version = Interlocked.Increment(ref _versions);
        IReadOnlyDictionary<string, SilenceOptions> stored;
        try
        {
            stored = await _store.GetAllAsync(_time.GetUtcNow()).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store's failure must not stop events: the silences last read stay in force.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!Volatile.Read(ref _disposed))
            {
                SilenceLog.StoreFailed(_logger, ex.GetType().Name);
            }

            return;
        }

        var runtime = new Dictionary<string, Silence>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in stored)
        {
            if (Compile(name, options) is { } silence)
            {
                runtime[name] = silence;
            }
        }

        lock (_lock)
        {
            if (version <= _applied)
            {
                Volatile.Write(ref _refreshRequested, 1); // superseded by a change made here: read again after it
                return;
            }

            _applied = version;
            _runtime = runtime;
            Rebuild();
        }

        SilenceLog.Refreshed(_logger, runtime.Count, string.Join(", ", runtime.Keys.Order(StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>A stored silence compiled as a configured one is; null (and logged) when it does not compile.</summary>
    private Silence? Compile(string name, SilenceOptions options)
    {
        var errors = new List<string>();
        try
        {
            if (RuleCompiler.CompileSilence(name, options, Volatile.Read(ref _intervals), errors) is { } silence)
            {
                return silence;
            }
        }
#pragma warning disable CA1031 // Data another instance (or version) stored must not stop this one: it is logged and left out.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors.Add($"compiling it threw {ex.GetType().Name}.");
        }

        SilenceLog.StoredSilenceInvalid(_logger, name, string.Join(" ", errors));
        return null;
    }

    /// <summary>Marks a change made here as newer than any read of the store already under way. Under the lock.</summary>
    private void Supersede() => _applied = Interlocked.Increment(ref _versions);

    /// <summary>The snapshot events read: configured silences without a run-time one of their name, then the run-time ones. Under the lock.</summary>
    private void Rebuild()
    {
        var runtime = _runtime;
        Volatile.Write(ref _silences, [.. _configured.Where(c => !runtime.ContainsKey(c.Name)), .. runtime.Values]);
    }
}
