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
/// events. A line that cannot be read — cut short by a crash, not JSON, or JSON of the wrong shape — is skipped with a
/// warning naming its line number and what is wrong with it, and kept aside in <see cref="RejectedFileName"/>, so one bad
/// line never keeps the host from starting nor the other events from being dispatched.
/// </summary>
internal sealed class FileOutbox : IAlertOutbox, IDisposable
{
    public const string FileName = "outbox.jsonl";

    /// <summary>Where unreadable lines are kept, one JSON line each: <c>{"line": number, "problem": "...", "text": "..."}</c>.</summary>
    public const string RejectedFileName = "outbox.rejected.jsonl";

    /// <summary>The most skipped lines logged one by one at a start; the rest are counted in the summary and kept aside too.</summary>
    internal const int MaxLinesLogged = 100;

    private static readonly byte[] s_newLine = "\n"u8.ToArray();

    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly object _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
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

    /// <inheritdoc />
    /// <value>Null: only this process writes its file, so there is nothing to claim after the start.</value>
    public TimeSpan? ClaimInterval => null;

    /// <inheritdoc />
    /// <remarks>Runs at once, before the first <see cref="AddAsync"/>: the file is read and rewritten before anything is appended.</remarks>
    public ValueTask<IReadOnlyList<AlertEvent>> ClaimAsync(CancellationToken cancellationToken) => new(Recover());

    /// <inheritdoc />
    public ValueTask AddAsync(AlertEvent alertEvent, CancellationToken cancellationToken)
    {
        Add(alertEvent);
        return default;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync()
    {
        Dispose();
        return default;
    }

    /// <summary>
    /// Reads the file, keeps the events not finished, rewrites the file with only those, and returns them in the order
    /// they were accepted. Lines that cannot be read are skipped, logged with their number and kept aside.
    /// </summary>
    private List<AlertEvent> Recover()
    {
        lock (_lock)
        {
            var rejected = new List<RejectedLine>();
            if (File.Exists(_path))
            {
                var endsWithNewLine = EndsWithNewLine(_path);
                var number = 0;
                string? previous = null;
                foreach (var line in File.ReadLines(_path, Encoding.UTF8))
                {
                    if (previous is not null)
                    {
                        Read(previous, number, isLast: false, endsWithNewLine, rejected);
                    }

                    previous = line;
                    number++;
                }

                if (previous is not null)
                {
                    Read(previous, number, isLast: true, endsWithNewLine, rejected);
                }
            }

            if (rejected.Count > 0)
            {
                var rejectedPath = KeepAside(rejected);
                Log.OutboxLinesSkipped(_logger, rejected.Count, _path, rejectedPath);
            }

            Rewrite();
            var events = _pending.Values.OrderBy(p => p.Order).Select(p => p.Event!).ToList();
            if (events.Count > 0)
            {
                Log.OutboxRecovered(_logger, events.Count, _path);
            }

            return events;
        }
    }

    /// <summary>Writes an accepted event before it is queued.</summary>
    private void Add(AlertEvent alertEvent)
    {
        var line = "{\"add\":" + AlertEventJson.Write(alertEvent) + "}";
        lock (_lock)
        {
            _pending[alertEvent.Id] = new Pending(_order++, line, null);
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

    /// <summary>Applies one line of the file, or records why it cannot be read.</summary>
    private void Read(string line, int number, bool isLast, bool endsWithNewLine, List<RejectedLine> rejected)
    {
        if (line.Length == 0)
        {
            return;
        }

        if (Apply(line) is not { } problem)
        {
            return;
        }

        if (isLast && !endsWithNewLine && problem == NotJson)
        {
            problem = "cut short: the last write did not finish (the process stopped while writing it)";
        }

        if (rejected.Count < MaxLinesLogged)
        {
            Log.OutboxLineSkipped(_logger, number, _path, problem);
        }

        rejected.Add(new RejectedLine(number, problem, line));
    }

    private const string NotJson = "not valid JSON";

    /// <summary>Applies an <c>add</c> or <c>done</c> line; the problem with it when it is neither.</summary>
    private string? Apply(string line)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return NotJson;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"a JSON {AlertEventJson.Kind(root)}, not an object with \"add\" or \"done\"";
            }

            if (root.TryGetProperty("add", out var added))
            {
                if (AlertEventJson.Read(added, out var e) is { } problem)
                {
                    return "\"add\" " + problem;
                }

                _pending[e!.Id] = new Pending(_order++, line, e);
                return null;
            }

            if (root.TryGetProperty("done", out var done))
            {
                if (done.ValueKind != JsonValueKind.String)
                {
                    return $"\"done\" is a JSON {AlertEventJson.Kind(done)}, not an event id";
                }

                _pending.Remove(done.GetString()!);
                return null;
            }

            return "an object with neither \"add\" nor \"done\"";
        }
    }

    /// <summary>Keeps the lines that could not be read in <see cref="RejectedFileName"/>, appended, and returns its path.</summary>
    private string KeepAside(List<RejectedLine> rejected)
    {
        var path = Path.Combine(_options.Directory!, RejectedFileName);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new Utf8JsonWriter(file);
        foreach (var line in rejected)
        {
            writer.WriteStartObject();
            writer.WriteString("file", _path);
            writer.WriteNumber("line", line.Number);
            writer.WriteString("problem", line.Problem);
            writer.WriteString("text", line.Text);
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            file.Write(s_newLine);
        }

        file.Flush(flushToDisk: true);
        return path;
    }

    private static bool EndsWithNewLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return true;
        }

        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    /// <summary>Replaces the file with the pending events (write a new file, then rename it over the old one) and appends from there.</summary>
    private void Rewrite()
    {
        _file?.Dispose();
        var temporary = _path + ".tmp";
        using (var compacted = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var pending in _pending.Values.OrderBy(p => p.Order))
            {
                compacted.Write(Encoding.UTF8.GetBytes(pending.Line));
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

    /// <summary>An event accepted and not finished: its line as written, and the event itself when it was read at a start.</summary>
    private readonly record struct Pending(long Order, string Line, AlertEvent? Event);

    private readonly record struct RejectedLine(int Number, string Problem, string Text);
}
