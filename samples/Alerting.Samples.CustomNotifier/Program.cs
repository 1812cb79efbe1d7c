// A third-party notifier plugin for Gotify (a self-hosted push server), written only against Alerting's public plugin
// API and configured from appsettings.json: the "phone" channel has "Type": "gotify", the type the plugin registers.
// The channel's HttpClient carries the same pipeline as the built-in channels (per-request timeout, circuit breaker,
// answers classified, redacted logs), and the channel retries as theirs do, honouring Retry-After. A local stand-in
// answers on 127.0.0.1, so the sample runs offline; it throttles its first request, which the channel retries. No host: dispatch starts on first publish and drains when
// the service provider is disposed.
using Alerting;
using Alerting.Samples.CustomNotifier;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

const string token = "AQnZ-sample-app-token";
using var gotify = new LocalGotify(token);

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json")
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        // Where a real app would read its secret store: the server and the token.
        ["Alerting:Channels:phone:BaseUrl"] = gotify.BaseUrl.AbsoluteUri,
        ["Alerting:Channels:phone:AppToken"] = token,
    })
    .Build();

var services = new ServiceCollection();
services.AddAlerting(configuration.GetSection("Alerting"), alerting => alerting.AddGotifyType());

await using (var provider = services.BuildServiceProvider())
{
    var alerts = provider.GetRequiredService<IAlertPublisher>();
    var failed = await alerts.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, "invoicing-eu", AlertSeverity.Error, "SMTP relay refused the batch.")
    {
        Url = new Uri("https://ci.example.com/runs/4711"),
        Attributes = new Dictionary<string, object?> { ["tier"] = "gold" },
    });
    var custom = await alerts.PublishAndWaitAsync(new AlertEvent("cache.evicted", "catalog", AlertSeverity.Info, "Cache rebuilt in 3.2 s."));

    Console.WriteLine();
    foreach (var outcome in failed.Outcomes.Concat(custom.Outcomes))
    {
        Console.WriteLine($"{outcome.Status,-9} {outcome.ChannelName,-8} {outcome.Attempts} attempt(s)  {outcome.Title}");
    }
}
