// PagerDuty and a webhook, configured from appsettings.json and from code. The secrets (the routing key, the webhook URL
// and signing secret) never live in source: they come from user secrets or environment variables, for example
//   dotnet user-secrets set "Alerting:Channels:pagerduty-prod:RoutingKey" "<32-character integration key>"
//   export Alerting__Channels__ops-hook__Url="https://hooks.example.com/alerts/<token>"
//   export Alerting__Channels__ops-hook__SigningSecret="whsec_..."
// Without them, the sample starts local stand-ins for both providers on 127.0.0.1 and needs no network.
using Alerting;
using Alerting.Diagnostics;
using Alerting.Samples.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddUserSecrets<LocalProviders>(optional: true).AddEnvironmentVariables();

await using var local = string.IsNullOrEmpty(builder.Configuration["Alerting:Channels:pagerduty-prod:RoutingKey"])
    ? await LocalProviders.StartAsync()
    : null;
if (local is not null)
{
    Console.WriteLine($"No secrets configured: using local stand-ins at {local.BaseAddress}.");
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Alerting:Channels:pagerduty-prod:BaseUrl"] = local.BaseAddress.AbsoluteUri,
        ["Alerting:Channels:pagerduty-prod:RoutingKey"] = "local0emulator0key00000000000000",
        ["Alerting:Channels:pagerduty-prod:Http:AllowInsecureHttp"] = "true",
        ["Alerting:Channels:ops-hook:Url"] = new Uri(local.BaseAddress, "/hooks/ops").AbsoluteUri,
        ["Alerting:Channels:ops-hook:SigningSecret"] = "whsec_" + Convert.ToBase64String(new byte[32]),
        ["Alerting:Channels:ops-hook:Http:AllowInsecureHttp"] = "true",
    });
}

builder.Services.AddAlerting(builder.Configuration.GetSection("Alerting"), alerting => alerting
    .AddPagerDuty("pagerduty-prod", o => o.Links.Add(new() { Href = "https://runbooks.example.com/jobs/{source}", Text = "Runbook" }))
    .AddWebhook("ops-hook", o => o.Headers["X-Sent-By"] = "Alerting.Samples.Providers"));

using var host = builder.Build();
var tester = host.Services.GetRequiredService<IAlertingTester>();
var problems = tester.Validate();
Console.WriteLine(problems.Count == 0 ? "Configuration is valid." : "Configuration problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
if (problems.Count > 0)
{
    return 1;
}

var sample = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Critical, "Disk full on db-1")
{
    Attributes = new Dictionary<string, object?> { ["component"] = "importer", ["rows"] = 1200 },
};
Console.WriteLine($"Preview for PagerDuty: {tester.Preview("failures", sample).Title}");
Console.WriteLine($"Preview for the webhook: {tester.Preview("failures", sample, actionIndex: 1).Payload}");

await host.StartAsync();
var alerts = host.Services.GetRequiredService<IAlertPublisher>();
foreach (var alertEvent in new[] { sample, sample.ToResolved("Disk has room again") })
{
    var result = await alerts.PublishAndWaitAsync(alertEvent);
    foreach (var outcome in result.Outcomes)
    {
        Console.WriteLine($"{outcome.Status,-9} {outcome.ChannelName,-15} {outcome.Attempts} attempt(s) {outcome.Reason}");
    }
}

await host.StopAsync();
return 0;
