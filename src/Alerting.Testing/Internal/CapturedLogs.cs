using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Alerting.Testing.Internal;

/// <summary>A logger factory that keeps every line logged at any level: its message, its values and its exception, for the conformance suite's secret checks.</summary>
internal sealed class CapturedLogs : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Gets everything logged, one entry per line.</summary>
    public string Text => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (name, value) in values)
                {
                    line.Append(" | ").Append(name).Append('=').Append(value);
                }
            }

            lines.Enqueue(exception is null ? line.ToString() : line.Append(Environment.NewLine).Append(exception).ToString());
        }
    }
}
