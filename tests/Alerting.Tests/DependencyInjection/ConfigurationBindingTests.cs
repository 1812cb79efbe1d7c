using Alerting.Notifiers.Console;
using Alerting.Tests.DependencyInjection.Plugins;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.DependencyInjection;

[TestFixture]
public sealed class ConfigurationBindingTests
{
    private const string WholeSection = """
        {
          "Alerting": {
            "Environment": "production",
            "QueueCapacity": 500,
            "QueueFullMode": "DropOldest",
            "DrainTimeout": "00:00:10",
            "HistoryCapacity": 50,
            "StrictTemplates": true,
            "KnownAttributes": [ "region", "attempt" ],
            "Channels": {
              "console-out": {
                "Type": "console",
                "Output": "Logger",
                "IncludeMessage": false,
                "Enabled": false,
                "Environments": [ "production", "staging" ],
                "MaxConcurrency": 2,
                "QueueCapacity": 100,
                "Timeout": "00:00:05",
                "Retry": { "MaxAttempts": 5, "BaseDelay": "00:00:02", "MaxDelay": "00:00:30" },
                "Title": "[{severity:upper}] {source}",
                "Message": "{message} in {region}"
              },
              "drop": { "Type": "filedrop", "Folder": "/var/alerts", "Extension": ".eml" }
            },
            "Rules": {
              "eu-failures": {
                "EventTypes": [ "job.failed", "job.timed_out" ],
                "Sources": [ "import-*" ],
                "MinimumSeverity": "Error",
                "Environments": [ "production" ],
                "Status": "Firing",
                "Attributes": [
                  { "Name": "region", "Value": "eu" },
                  { "Name": "attempt", "Pattern": "^[2-9]$", "Negate": true }
                ],
                "Threshold": { "Count": 3, "Window": "00:10:00" },
                "Actions": [
                  {
                    "Channel": "drop",
                    "Severity": "Critical",
                    "Title": "Import {source} failed in {region}",
                    "Subject": "Import failure",
                    "Body": "<p>{message}</p>",
                    "Payload": "{\"text\": \"{message}\"}"
                  },
                  { "Channel": "console-out" }
                ]
              },
              "quiet": { "Enabled": false, "Actions": [ { "Channel": "drop" } ] }
            }
          }
        }
        """;

    [Test]
    public async Task Bind_WholeSection_FillsGlobalOptions()
    {
        await using var harness = ConfiguredAlerting.Create(WholeSection);

        var options = harness.Get<IOptions<AlertingOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.Environment, Is.EqualTo("production"));
            Assert.That(options.QueueCapacity, Is.EqualTo(500));
            Assert.That(options.QueueFullMode, Is.EqualTo(QueueFullMode.DropOldest));
            Assert.That(options.DrainTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.HistoryCapacity, Is.EqualTo(50));
            Assert.That(options.StrictTemplates, Is.True);
            Assert.That(options.KnownAttributes, Is.EqualTo(new[] { "region", "attempt" }));
            Assert.That(options.Channels.Keys, Is.EquivalentTo(new[] { "console-out", "drop" }));
            Assert.That(options.Rules.Keys, Is.EquivalentTo(new[] { "eu-failures", "quiet" }));
        });
    }

    [Test]
    public async Task Bind_WholeSection_FillsChannelSettings()
    {
        await using var harness = ConfiguredAlerting.Create(WholeSection);

        var channels = harness.Get<IOptions<AlertingOptions>>().Value.Channels;

        var console = channels["console-out"];
        Assert.Multiple(() =>
        {
            Assert.That(console.Type, Is.EqualTo("console"));
            Assert.That(console.Enabled, Is.False);
            Assert.That(console.Environments, Is.EqualTo(new[] { "production", "staging" }));
            Assert.That(console.MaxConcurrency, Is.EqualTo(2));
            Assert.That(console.QueueCapacity, Is.EqualTo(100));
            Assert.That(console.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(console.Retry.MaxAttempts, Is.EqualTo(5));
            Assert.That(console.Retry.BaseDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(console.Retry.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(console.Title, Is.EqualTo("[{severity:upper}] {source}"));
            Assert.That(console.Message, Is.EqualTo("{message} in {region}"));
            Assert.That(channels["drop"].Type, Is.EqualTo("filedrop"));
        });
    }

    [Test]
    public async Task Bind_WholeSection_FillsRulesWithConditionsThresholdAndActions()
    {
        await using var harness = ConfiguredAlerting.Create(WholeSection);

        var rules = harness.Get<IOptions<AlertingOptions>>().Value.Rules;

        var rule = rules["eu-failures"];
        Assert.Multiple(() =>
        {
            Assert.That(rule.Enabled, Is.True);
            Assert.That(rules["quiet"].Enabled, Is.False);
            Assert.That(rule.EventTypes, Is.EqualTo(new[] { AlertEventTypes.JobFailed, AlertEventTypes.JobTimedOut }));
            Assert.That(rule.Sources, Is.EqualTo(new[] { "import-*" }));
            Assert.That(rule.MinimumSeverity, Is.EqualTo(AlertSeverity.Error));
            Assert.That(rule.Environments, Is.EqualTo(new[] { "production" }));
            Assert.That(rule.Status, Is.EqualTo(AlertStatus.Firing));
            Assert.That(
                rule.Attributes.Select(a => (a.Name, a.Value, a.Pattern, a.Negate)),
                Is.EqualTo(new[] { ("region", "eu", (string?)null, false), ("attempt", null, "^[2-9]$", true) }));
            Assert.That(rule.Threshold?.Count, Is.EqualTo(3));
            Assert.That(rule.Threshold?.Window, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(rule.Actions.Select(a => a.Channel), Is.EqualTo(new[] { "drop", "console-out" }));
        });
        var action = rule.Actions[0];
        Assert.Multiple(() =>
        {
            Assert.That(action.Severity, Is.EqualTo(AlertSeverity.Critical));
            Assert.That(action.Title, Is.EqualTo("Import {source} failed in {region}"));
            Assert.That(action.Subject, Is.EqualTo("Import failure"));
            Assert.That(action.Body, Is.EqualTo("<p>{message}</p>"));
            Assert.That(action.Payload, Is.EqualTo("""{"text": "{message}"}"""));
            Assert.That(rule.Actions[1].Severity, Is.Null);
            Assert.That(rule.Actions[1].Title, Is.Null);
        });
    }

    [Test]
    public async Task Bind_ChannelSection_AlsoFillsTheNotifiersOwnOptions()
    {
        await using var harness = ConfiguredAlerting.Create(WholeSection);

        var console = harness.Get<IOptionsMonitor<ConsoleNotifierOptions>>().Get("console-out");
        var drop = harness.Get<IOptionsMonitor<FileDropOptions>>().Get("drop");

        Assert.Multiple(() =>
        {
            Assert.That(console.Output, Is.EqualTo(ConsoleOutput.Logger));
            Assert.That(console.IncludeMessage, Is.False);
            Assert.That(drop.Folder, Is.EqualTo("/var/alerts"));
            Assert.That(drop.Extension, Is.EqualTo(".eml"));
        });
    }

    [Test]
    public async Task Bind_ConfiguredRule_RoutesMatchingEventsWithItsTemplatesAndSeverity()
    {
        const string json = """
            {
              "Alerting": {
                "Channels": {
                  "drop": { "Type": "filedrop", "Folder": "/alerts", "Message": "{message} ({region})" }
                },
                "Rules": {
                  "eu-imports": {
                    "EventTypes": [ "job.*" ],
                    "Sources": [ "import-*" ],
                    "MinimumSeverity": "Warning",
                    "Attributes": [ { "Name": "region", "Value": "eu" }, { "Name": "attempt", "Value": "3" } ],
                    "Actions": [ { "Channel": "drop", "Severity": "Critical", "Title": "{source} failed in {attributes.region} via {rule}" } ]
                  }
                }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json);
        var attributes = new Dictionary<string, object?> { ["region"] = "eu", ["attempt"] = 3 };

        var matching = await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "import-sales", attributes: attributes));
        var otherSource = await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "export-sales", attributes: attributes));

        var drop = harness.Get<FileDropBox>().Drops.Single();
        Assert.Multiple(() =>
        {
            Assert.That(matching.AllDelivered, Is.True);
            Assert.That(otherSource.Matched, Is.False);
            Assert.That(drop.Path, Is.EqualTo($"/alerts/{matching.Event.Id}.txt"));
            Assert.That(drop.Notification.Title, Is.EqualTo("import-sales failed in eu via eu-imports"));
            Assert.That(drop.Notification.Message, Is.EqualTo("Disk full (eu)"));
            Assert.That(drop.Notification.Severity, Is.EqualTo(AlertSeverity.Critical));
            Assert.That(drop.Notification.RuleName, Is.EqualTo("eu-imports"));
        });
    }

    [Test]
    public async Task Bind_NamesInConfiguration_AreCaseInsensitive()
    {
        const string json = """
            {
              "Alerting": {
                "Channels": { "Ops-Drop": { "Type": "FileDrop", "Folder": "/alerts" } },
                "Rules": { "All": { "Actions": [ { "Channel": "ops-drop" } ] } }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json, a => a.AddRule("ALL", r => r.WithMinimumSeverity(AlertSeverity.Error)));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());
        var options = harness.Get<IOptions<AlertingOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(result.Outcomes.Single().ChannelName, Is.EqualTo("Ops-Drop"));
            Assert.That(options.Rules, Has.Count.EqualTo(1));
            Assert.That(options.Rules["all"].MinimumSeverity, Is.EqualTo(AlertSeverity.Error));
        });
    }

    [Test]
    public async Task Combine_CodeRuleReferencingConfiguredChannel_Delivers()
    {
        const string json = """
            { "Alerting": { "Channels": { "drop": { "Type": "filedrop", "Folder": "/alerts" } } } }
            """;
        await using var harness = ConfiguredAlerting.Create(json, a => a
            .AddRule("from-code", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("drop", x => x.Title = "{rule}: {source}")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(harness.Get<FileDropBox>().Drops.Select(d => d.Notification.Title), Is.EqualTo(new[] { "from-code: nightly-import" }));
        });
    }

    [Test]
    public async Task Combine_CodeDelegates_OverrideConfigurationValues()
    {
        const string json = """
            {
              "Alerting": {
                "QueueCapacity": 500,
                "Environment": "staging",
                "Channels": { "drop": { "Type": "filedrop", "Folder": "/alerts", "MaxConcurrency": 8 } },
                "Rules": {
                  "failures": { "EventTypes": [ "job.failed" ], "MinimumSeverity": "Critical", "Actions": [ { "Channel": "drop" } ] }
                }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json, a => a
            .Configure(o => o.QueueCapacity = 42)
            .ConfigureChannel("drop", c => c.MaxConcurrency = 1)
            .AddRule("failures", r => r.MinimumSeverity = AlertSeverity.Warning));

        var options = harness.Get<IOptions<AlertingOptions>>().Value;
        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event(severity: AlertSeverity.Warning));

        Assert.Multiple(() =>
        {
            Assert.That(options.QueueCapacity, Is.EqualTo(42));
            Assert.That(options.Environment, Is.EqualTo("staging"));
            Assert.That(options.Channels["drop"].MaxConcurrency, Is.EqualTo(1));
            Assert.That(options.Channels["drop"].Type, Is.EqualTo("filedrop"));
            Assert.That(options.Rules["failures"].EventTypes, Is.EqualTo(new[] { AlertEventTypes.JobFailed }));
            Assert.That(options.Rules["failures"].Actions.Select(x => x.Channel), Is.EqualTo(new[] { "drop" }));
            Assert.That(result.AllDelivered, Is.True);
        });
    }

    [Test]
    public async Task Combine_AddAlertingTwice_CodeThenConfigurationComposes()
    {
        await using var harness = AlertingHarness.Create(
            a => a.AddRecording("ops", out _),
            s => s.AddAlerting(JsonConfiguration.AlertingSection("""
                { "Alerting": { "Rules": { "cfg": { "Actions": [ { "Channel": "ops" } ] } } } }
                """)));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.That(result.Outcomes.Select(o => (o.RuleName, o.ChannelName, o.Status)), Is.EqualTo(new[] { ("cfg", "ops", DeliveryOutcomeStatus.Delivered) }));
    }

    [Test]
    public async Task Combine_ConfiguredRuleWithCallbackAddedInCode_RunsCallback()
    {
        var called = new List<string>();
        const string json = """
            { "Alerting": { "Rules": { "cancel-run": { "EventTypes": [ "job.timed_out" ], "Actions": [ ] } } } }
            """;
        await using var harness = ConfiguredAlerting.Create(json, a => a.AddRule("cancel-run", r => r.Call(c =>
        {
            lock (called)
            {
                called.Add($"{c.RuleName}:{c.Event.Source}");
            }

            return ValueTask.CompletedTask;
        })));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobTimedOut));

        Assert.Multiple(() =>
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(called, Is.EqualTo(new[] { "cancel-run:nightly-import" }));
        });
    }
}
