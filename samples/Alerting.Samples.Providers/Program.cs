// PagerDuty, a webhook, Slack, Teams and Twilio SMS, configured from appsettings.json and from code; one rule fans out
// to Slack, Teams and SMS, each with its own template. The secrets (the routing key, webhook URLs, the signing secret,
// the Twilio token) never live in source: they come from user secrets or environment variables, for example
//   dotnet user-secrets set "Alerting:Channels:pagerduty-prod:RoutingKey" "<32-character integration key>"
//   export Alerting__Channels__ops-hook__Url="https://hooks.example.com/alerts/<token>"
//   export Alerting__Channels__ops-hook__SigningSecret="whsec_..."
// Without them, the sample starts local stand-ins for the providers on 127.0.0.1 and needs no network.
using Alerting;
using Alerting.Diagnostics;
using Alerting.Samples.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddUserSecrets<LocalProviders>(optional: true).AddEnvironmentVariables();

// Each provider whose secret is not configured gets a local stand-in.
var standIns = new Dictionary<string, Func<Uri, Dictionary<string, string?>>>
{
    ["Alerting:Channels:pagerduty-prod:RoutingKey"] = local => new()
    {
        ["Alerting:Channels:pagerduty-prod:BaseUrl"] = local.AbsoluteUri,
        ["Alerting:Channels:pagerduty-prod:RoutingKey"] = "local0emulator0key00000000000000",
        ["Alerting:Channels:pagerduty-prod:Http:AllowInsecureHttp"] = "true",
    },
    ["Alerting:Channels:ops-hook:Url"] = local => new()
    {
        ["Alerting:Channels:ops-hook:Url"] = new Uri(local, "/hooks/ops").AbsoluteUri,
        ["Alerting:Channels:ops-hook:SigningSecret"] = "whsec_" + Convert.ToBase64String(new byte[32]),
        ["Alerting:Channels:ops-hook:Http:AllowInsecureHttp"] = "true",
    },
    ["Alerting:Channels:ops-slack:WebhookUrl"] = local => new()
    {
        ["Alerting:Channels:ops-slack:WebhookUrl"] = new Uri(local, "/slack/services/T0LOCAL/B0LOCAL/local").AbsoluteUri,
        ["Alerting:Channels:ops-slack:Http:AllowInsecureHttp"] = "true",
    },
    ["Alerting:Channels:ops-teams:WebhookUrl"] = local => new()
    {
        ["Alerting:Channels:ops-teams:WebhookUrl"] = new Uri(local, "/teams/workflows/local?sig=local").AbsoluteUri,
        ["Alerting:Channels:ops-teams:Http:AllowInsecureHttp"] = "true",
    },
    ["Alerting:Channels:on-call-sms:AuthToken"] = local => new()
    {
        ["Alerting:Channels:on-call-sms:BaseUrl"] = local.AbsoluteUri,
        ["Alerting:Channels:on-call-sms:AuthToken"] = "local-token",
        ["Alerting:Channels:on-call-sms:Http:AllowInsecureHttp"] = "true",
    },
};
var missing = standIns.Keys.Where(key => string.IsNullOrEmpty(builder.Configuration[key])).ToList();
await using var local = missing.Count > 0 ? await LocalProviders.StartAsync() : null;
if (local is not null)
{
    Console.WriteLine($"Using local stand-ins at {local.BaseAddress} for: {string.Join(", ", missing.Select(key => key.Split(':')[2]))}.");
    builder.Configuration.AddInMemoryCollection(missing.SelectMany(key => standIns[key](local.BaseAddress)));
}

builder.Services.AddAlerting(builder.Configuration.GetSection("Alerting"), alerting => alerting
    .AddPagerDuty("pagerduty-prod", o => o.Links.Add(new() { Href = "https://runbooks.example.com/jobs/{source}", Text = "Runbook" }))
    .AddWebhook("ops-hook", o => o.Headers["X-Sent-By"] = "Alerting.Samples.Providers")
    .AddSlack("ops-slack")
    .AddTeams("ops-teams")
    .AddTwilio("on-call-sms"));

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
