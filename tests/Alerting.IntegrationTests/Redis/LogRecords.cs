using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// A logger provider a test awaits instead of sleeping or polling: every record goes into a channel, read in order, so
/// "the next record like this" is a signal that something happened in the background.
/// </summary>
internal sealed class LogRecords : ILoggerProvider
{
    private readonly Channel<(int Id, string Message)> _records = Channel.CreateUnbounded<(int, string)>();

    /// <summary>The next record matching <paramref name="match"/>, skipping others; fails after 30 seconds.</summary>
    public async Task<string> NextAsync(Func<int, string, bool> match)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var (id, message) in _records.Reader.ReadAllAsync(deadline.Token))
            {
                if (match(id, message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new AssertionException("No such log record within 30 seconds.");
    }

    public ILogger CreateLogger(string categoryName) => new Logger(_records.Writer);

    public void Dispose() => _records.Writer.TryComplete();

    private sealed class Logger(ChannelWriter<(int, string)> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.TryWrite((eventId.Id, formatter(state, exception)));
    }
}
