using Microsoft.Extensions.Logging;

namespace Alerting.Testing;

/// <summary>What the notifier conformance suite gives <see cref="NotifierConformanceSetup.CreateNotifier"/> for each notifier it creates.</summary>
public readonly struct NotifierConformanceContext
{
    internal NotifierConformanceContext(HttpClient http, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Http = http;
        Time = time;
        LoggerFactory = loggerFactory;
    }

    /// <summary>Gets the channel's client, as Alerting gives it to a notifier's constructor: the channel's HTTP pipeline over the suite's stand-in provider.</summary>
    public HttpClient Http { get; }

    /// <summary>Gets the clock, for a notifier that takes a <see cref="TimeProvider"/>.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets where the notifier logs, for one that takes an <see cref="ILoggerFactory"/>: the suite looks for secrets there.</summary>
    public ILoggerFactory LoggerFactory { get; }
}
