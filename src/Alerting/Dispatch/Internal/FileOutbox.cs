using System.Globalization;
using System.Text;
using System.Text.Json;
using Alerting.Diagnostics;
using Alerting.Templates;
using Microsoft.Extensions.Logging;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// The durable outbox: an append-only file of JSON lines, <c>{"add": event}</c> when an event is accepted and
/// <c>{"done": id}</c> when all its notifications have an outcome. On start the events added but not done are
/// dispatched again; the file is rewritten with only those every <see cref="OutboxOptions.CompactAfter"/> finished
/// events. A torn last line (the process died mid-write) is skipped with a warning.
/// </summary>
internal sealed class FileOutbox : IDisposable
{
    public const string FileName = "outbox.jsonl";

    private static readonly byte[] s_newLine = "\n"u8.ToArray();

    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly object _lock = new();
    private readonly Dictionary<string, (long Order, string Line)> _pending = new(StringComparer.Ordinal);
    private FileStream? _file;
    private long _order;
    private int _finished;
    private bool _keepPending;

    public FileOutbox(OutboxOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        System.IO.Directory.CreateDirectory(options.Directory!);
        _path = Path.Combine(options.Directory!, FileName);
    }

    /// <summary>Gets how many events are accepted and not yet finished.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Problems with the options, for configuration validation.</summary>
    public static void Check(OutboxOptions? options, List<string> errors)
    {
        if (options?.Directory is not { } directory)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"Alerting: Outbox.Directory '{directory}' is not a folder path.");
        }
        else if (File.Exists(directory))
        {
            errors.Add($"Alerting: Outbox.Directory '{directory}' is a file, not a folder.");
        }

        if (options.CompactAfter < 1)
        {
            errors.Add($"Alerting: Outbox.CompactAfter must be at least 1 (was {options.CompactAfter}).");
        }
    }

    /// <summary>Reads the file, keeps the events not finished, rewrites the file with only those, and returns them in the order they were accepted.</summary>
    public IReadOnlyList<AlertEvent> Recover()
    {
        lock (_lock)
        {
            var skipped = 0;
            if (File.Exists(_path))
            {
                foreach (var line in File.ReadLines(_path, Encoding.UTF8))
                {
                    if (line.Length > 0 && !Read(line))
                    {
                        skipped++;
                    }
                }
            }

            if (skipped > 0)
            {
                Log.OutboxLinesSkipped(_logger, skipped, _path);
            }

            Rewrite();
            var events = _pending.Values.OrderBy(p => p.Order).Select(p => ToEvent(JsonDocument.Parse(p.Line).RootElement.GetProperty("add"))).ToList();
            if (events.Count > 0)
            {
                Log.OutboxRecovered(_logger, events.Count, _path);
            }

            return events;
        }
    }

    /// <summary>Writes an accepted event before it is queued.</summary>
    public void Add(AlertEvent alertEvent)
    {
        var line = "{\"add\":" + JsonTemplate.EventPayload.Render(alertEvent, TemplateEscaping.None, null, CultureInfo.InvariantCulture) + "}";
        lock (_lock)
        {
            _pending[alertEvent.Id] = (_order++, line);
            Append(line);
        }
    }

    /// <summary>Marks an event finished: all its notifications have an outcome, or it was never accepted.</summary>
    public void Done(string id)
    {
        lock (_lock)
        {
            if (_keepPending || _file is null || !_pending.Remove(id))
            {
                return;
            }

            Append("{\"done\":\"" + JsonEncodedText.Encode(id).ToString() + "\"}");
            if (++_finished >= _options.CompactAfter)
            {
                Rewrite();
            }
        }
    }

    /// <summary>From now on nothing is marked done: a stop that ran out of time leaves its events for the next start.</summary>
    public void KeepPending()
    {
        lock (_lock)
        {
            _keepPending = true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private bool Read(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("add", out var added) && added.TryGetProperty("id", out var id) && id.GetString() is { } addedId)
            {
                _pending[addedId] = (_order++, line);
                return true;
            }

            if (root.TryGetProperty("done", out var done) && done.GetString() is { } doneId)
            {
                _pending.Remove(doneId);
                return true;
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Replaces the file with the pending events (write a new file, then rename it over the old one) and appends from there.</summary>
    private void Rewrite()
    {
        _file?.Dispose();
        var temporary = _path + ".tmp";
        using (var compacted = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var (_, line) in _pending.Values.OrderBy(p => p.Order))
            {
                compacted.Write(Encoding.UTF8.GetBytes(line));
                compacted.Write(s_newLine);
            }

            compacted.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _finished = 0;
    }

    private void Append(string line)
    {
        if (_file is null)
        {
            return; // disposed: the dispatcher has stopped
        }

        _file.Write(Encoding.UTF8.GetBytes(line));
        _file.Write(s_newLine);
        _file.Flush(_options.FlushToDisk);
    }

    /// <summary>An event as the outbox wrote it (the whole-event JSON of <see cref="JsonTemplate.EventPayload"/>).</summary>
    private static AlertEvent ToEvent(JsonElement e)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (e.TryGetProperty("attributes", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                attributes[property.Name] = Value(property.Value);
            }
        }

        return new AlertEvent(e.GetProperty("type").GetString()!, e.GetProperty("source").GetString()!, Severity(e.GetProperty("severity").GetString()), Text(e, "message"))
        {
            Id = e.GetProperty("id").GetString()!,
            Timestamp = e.GetProperty("timestamp").GetDateTimeOffset(),
            Status = e.GetProperty("status").GetString() == "resolved" ? AlertStatus.Resolved : AlertStatus.Firing,
            DedupKey = Text(e, "dedupKey"),
            Environment = Text(e, "environment"),
            Url = Text(e, "url") is { } url ? new Uri(url) : null,
            Attributes = attributes,
        };
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AlertSeverity Severity(string? word) => word switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => AlertSeverity.Error,
    };

    /// <summary>Strings (date-times among them, in ISO 8601), numbers, booleans and nulls come back as .NET values; objects and arrays as JSON elements, which templates read.</summary>
    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.Clone(),
    };
}
