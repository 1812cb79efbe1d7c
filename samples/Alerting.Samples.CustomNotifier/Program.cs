// A custom notifier plugin (JsonLinesNotifier) configured entirely from appsettings.json: the "audit-file" channel
// has "Type": "jsonlines", the type the plugin registers. No host: dispatch starts on first publish and drains when
// the service provider is disposed.
using Alerting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json")
    .Build();

var services = new ServiceCollection();
services.AddAlerting(configuration.GetSection("Alerting"), alerting => alerting.AddJsonLinesType());

var auditFile = Path.Combine(Path.GetTempPath(), $"alerting-sample-{Environment.ProcessId}.jsonl");
services.Configure<Alerting.Samples.CustomNotifier.JsonLinesNotifierOptions>("audit-file", o => o.Path = auditFile);

await using (var provider = services.BuildServiceProvider())
{
    var alerts = provider.GetRequiredService<IAlertPublisher>();
    var failed = await alerts.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, "invoicing-eu", AlertSeverity.Error, "SMTP relay refused the batch.")
    {
        Attributes = new Dictionary<string, object?> { ["tier"] = "gold" },
    });
    var custom = await alerts.PublishAndWaitAsync(new AlertEvent("cache.evicted", "catalog", AlertSeverity.Info, "Cache rebuilt in 3.2 s."));

    foreach (var outcome in failed.Outcomes.Concat(custom.Outcomes))
    {
        Console.WriteLine($"{outcome.Status,-9} {outcome.ChannelName,-10} {outcome.Title}");
    }
}

Console.WriteLine();
Console.WriteLine($"{auditFile}:");
Console.WriteLine(await File.ReadAllTextAsync(auditFile));
File.Delete(auditFile);
