using Alerting.Notifiers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Testing;

/// <summary>
/// Says, inside <c>services.AddAlertingTesting(...)</c>, which of the app's channels record instead of sending, and which
/// clock the app runs on.
/// </summary>
public sealed class AlertingTestingBuilder
{
    private readonly HashSet<string> _recorded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, NotifierCapabilities> _capabilities = new(StringComparer.OrdinalIgnoreCase);

    internal AlertingTestingBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the app's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets or sets how long (real time) a wait of the <see cref="AlertingTestHarness"/> may take before it throws.</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal bool RecordsAll { get; private set; }

    internal IReadOnlyCollection<string> Recorded => _recorded;

    internal IReadOnlyDictionary<string, NotifierCapabilities> Capabilities => _capabilities;

    internal FakeTimeProvider? Clock { get; private set; }

    /// <summary>
    /// Makes every channel of the app, from configuration or code, a recording channel: it keeps its settings (templates,
    /// environments, retries, timeout, mute times) and the app's rules, incidents, escalation and monitors stay as they
    /// are, but its notifications are recorded instead of sent, and its own options (and secrets) are not needed.
    /// </summary>
    /// <returns>This builder.</returns>
    public AlertingTestingBuilder RecordAllChannels()
    {
        RecordsAll = true;
        return this;
    }

    /// <summary>Makes the named channels of the app recording channels (see <see cref="RecordAllChannels"/>); the others send as configured.</summary>
    /// <param name="channelNames">The channels' names (case-insensitive); each must be a channel of the app.</param>
    /// <returns>This builder.</returns>
    public AlertingTestingBuilder RecordChannels(params string[] channelNames)
    {
        ArgumentNullException.ThrowIfNull(channelNames);
        foreach (var name in channelNames)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(channelNames));
            _recorded.Add(name);
        }

        return this;
    }

    /// <summary>
    /// Makes a channel a recording channel that declares <paramref name="capabilities"/>, so its notifications are escaped
    /// and cut as the replaced channel's would be (Slack's mrkdwn escaping and limits, say). Other recording channels
    /// declare plain text with no limits: they get the text exactly as the templates render it.
    /// </summary>
    /// <param name="channelName">The channel's name (case-insensitive); it must be a channel of the app.</param>
    /// <param name="capabilities">The escaping and limits to render for.</param>
    /// <returns>This builder.</returns>
    public AlertingTestingBuilder RecordChannel(string channelName, NotifierCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        RecordChannels(channelName);
        _capabilities[channelName] = capabilities;
        return this;
    }

    /// <summary>Runs the app on <paramref name="clock"/>, rather than on a new <see cref="FakeTimeProvider"/> (which starts at 2000-01-01 00:00 UTC).</summary>
    /// <param name="clock">The clock; the test may move it itself too, but only the harness's waits step through its timers.</param>
    /// <returns>This builder.</returns>
    public AlertingTestingBuilder UseTimeProvider(FakeTimeProvider clock)
    {
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }
}
