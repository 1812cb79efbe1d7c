using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Alerting.Tests.Support;

/// <summary>
/// A logger provider that lets a test await a log event by id (a configuration reload, say) instead of sleeping or
/// polling: every record goes into a channel the test reads.
/// </summary>
internal sealed class LogSignal : ILoggerProvider
{
    private readonly Channel<(int Id, string Message)> _records = Channel.CreateUnbounded<(int, string)>();

    /// <summary>The message of the next record with <paramref name="eventId"/>, skipping others; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> NextAsync(int eventId, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var (id, message) in _records.Reader.ReadAllAsync(deadline.Token))
            {
                if (id == eventId)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new AssertionException($"No log event {eventId} within {timeout}.");
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
