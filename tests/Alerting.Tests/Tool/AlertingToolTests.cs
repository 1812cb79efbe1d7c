using Alerting.Tool;

namespace Alerting.Tests.Tool;

public sealed class AlertingToolTests
{
    private const string ValidSettings = """
        {
          "Alerting": {
            "Channels": {
              "ops-mail": { "Type": "email", "PickupDirectory": "{mail}", "From": "alerts@example.com", "To": [ "ops@example.com" ] },
              "ops-hook": { "Type": "webhook", "Url": "http://127.0.0.1:1/hooks/s3cret-token", "Http": { "AllowInsecureHttp": true }, "Retry": { "MaxAttempts": 1 } }
            },
            "Rules": {
              "failures": {
                "EventTypes": [ "job.failed" ],
                "Actions": [ { "Channel": "ops-mail", "Title": "Failed: {source}" }, { "Channel": "ops-hook", "Payload": "{\"summary\": \"{source}: {message}\"}" } ]
              }
            }
          }
        }
        """;

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("alerting-tool-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Validate_ValidSettings_ReportsWhatItCheckedAndExitsZero()
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("valid: 2 channel(s) and 1 rule(s)"));
        });
    }

    [Test]
    public async Task Validate_InvalidSettings_ListsEveryProblemAndExitsOne()
    {
        Write("appsettings.json", """
            { "Alerting": {
                "Channels": { "pd": { "Type": "pagerduty" } },
                "Rules": { "r": { "EventTypes": [ "job.failed" ], "Actions": [ { "Channel": "pd", "Title": "{source" } ] } } } }
            """);

        var run = await RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain("RoutingKey is required"));
            Assert.That(run.Error, Does.Contain("column"), "the template error names its position");
        });
    }

    [Test]
    public async Task Validate_EnvironmentFile_IsLayeredOverTheBaseFile()
    {
        Write("appsettings.json", """{ "Alerting": { "Channels": { "pd": { "Type": "pagerduty" } } } }""");
        Write("appsettings.Staging.json", """{ "Alerting": { "Channels": { "pd": { "RoutingKey": "0123456789abcdef0123456789abcdef" } } } }""");

        var withoutEnvironment = await RunAsync("validate", "--environment", "Production");
        var staging = await RunAsync("validate", "--environment", "Staging");

        Assert.Multiple(() =>
        {
            Assert.That(withoutEnvironment.ExitCode, Is.EqualTo(1));
            Assert.That(staging.ExitCode, Is.Zero, staging.Error);
        });
    }

    [Test]
    public async Task Validate_TimeIntervalProblems_NamesTheIntervalRangeFieldAndUnknownReferences()
    {
        Write("appsettings.json", """
            { "Alerting": {
                "TimeIntervals": { "night": { "Location": "Europe/Berlin", "Ranges": [ { "Weekdays": [ "monday:funday" ], "Times": [ "25:00-26:00" ] } ] } },
                "Channels": { "ops": { "Type": "console", "MuteTimeIntervals": [ "weekend" ] } },
                "Rules": { "r": { "Actions": [ { "Channel": "ops" } ] } } } }
            """);

        var run = await RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain("TimeInterval 'night': Ranges[0].Weekdays[0] 'monday:funday': 'funday' is not a day of the week"));
            Assert.That(run.Error, Does.Contain("TimeInterval 'night': Ranges[0].Times[0] '25:00-26:00': '25:00' is not a time of day"));
            Assert.That(run.Error, Does.Contain("Channel 'ops': MuteTimeIntervals[0] 'weekend' is not a configured time interval (known: night)."));
        });
    }

    [Test]
    public async Task Validate_ExplicitConfigFiles_LaterFilesWin()
    {
        Write("base.json", """{ "Alerting": { "Channels": { "pd": { "Type": "pagerduty" } } } }""");
        Write("secrets.json", """{ "Alerting": { "Channels": { "pd": { "RoutingKey": "0123456789abcdef0123456789abcdef" } } } }""");

        var run = await RunAsync("validate", "--config", "base.json", "--config", "secrets.json");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    [Test]
    public async Task Validate_NoSettingsFile_ExitsTwoNamingTheFile()
    {
        var run = await RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("appsettings.json").And.Contain("--config"));
        });
    }

    [Test]
    public async Task Validate_MalformedJson_ExitsTwoWithTheParserMessage()
    {
        Write("appsettings.json", """{ "Alerting": { "Channels": """);

        var run = await RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("appsettings.json"));
        });
    }

    [Test]
    public async Task Validate_MissingSection_ExitsTwoNamingTheSection()
    {
        Write("appsettings.json", """{ "Logging": {} }""");

        var run = await RunAsync("validate", "--section", "Alerts");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("'Alerts'"));
        });
    }

    [Test]
    public async Task Preview_Rule_ShowsEveryChannelActionRenderedForTheSampleEvent()
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync("preview", "failures", "--event", "job.failed", "--source", "nightly-import");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("channel 'ops-mail'").And.Contain("Title:   Failed: nightly-import"));
            Assert.That(run.Output, Does.Contain("channel 'ops-hook'").And.Contain("Payload: {\"summary\": \"nightly-import: "));
            Assert.That(Directory.Exists(MailFolder) && Directory.EnumerateFiles(MailFolder).Any(), Is.False, "a preview sends nothing");
        });
    }

    [Test]
    public async Task Preview_OneAction_ShowsOnlyThatAction()
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync("preview", "failures", "--action", "1");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("channel 'ops-hook'").And.Not.Contain("ops-mail"));
        });
    }

    [Test]
    public async Task Preview_EventsFile_ShowsOneGroupedNotificationPerGroupListingItsAlerts()
    {
        Write("appsettings.json", """
            { "Alerting": {
                "Channels": { "ops-mail": { "Type": "email", "PickupDirectory": "mail", "From": "alerts@example.com", "To": [ "ops@example.com" ] } },
                "Rules": { "storm": { "EventTypes": [ "job.failed" ], "Incidents": { "GroupBy": [ "region" ], "GroupWait": "00:00:30" },
                                      "Actions": [ { "Channel": "ops-mail", "Alert": "{source}: {message}" } ] } } } }
            """);
        Write("events.json", """
            [
              { "type": "job.failed", "source": "import", "message": "Disk full", "attributes": { "region": "eu" } },
              { "type": "job.failed", "source": "export", "message": "Timeout", "attributes": { "region": "eu" } },
              { "type": "job.failed", "source": "report", "severity": "critical", "attributes": { "region": "us" } },
              { "type": "job.failed", "source": "export", "status": "resolved", "attributes": { "region": "eu" } },
              { "type": "job.succeeded", "source": "import", "attributes": { "region": "eu" } }
            ]
            """);

        var run = await RunAsync("preview", "storm", "--events", "events.json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Contain("2 notification(s) from action 0:"));
            Assert.That(run.Output, Does.Contain("Title:   [ERROR] 1 alert firing, 1 new in region=eu"));
            Assert.That(run.Output, Does.Contain("Alerts:  new      import: Disk full"));
            Assert.That(run.Output, Does.Contain("Title:   [CRITICAL] 1 alert firing, 1 new in region=us"));
            Assert.That(run.Output, Does.Not.Contain("export: Timeout"), "resolved within the burst: never notified");
        });
    }

    [TestCase("[ { \"source\": \"a\" } ]", "events.json: event [0]: type is required.")]
    [TestCase("[ { \"type\": \"t\", \"source\": \"a\", \"severity\": \"loud\" } ]", "events.json: event [0]: severity 'loud' is not info, warning, error or critical.")]
    [TestCase("{ }", "Events file 'events.json' must hold a JSON array of events.")]
    public async Task Preview_BrokenEventsFile_NamesTheEventAndFieldAndExitsTwo(string events, string message)
    {
        Write("appsettings.json", ValidSettings);
        Write("events.json", events);

        var run = await RunAsync("preview", "failures", "--events", "events.json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain(message));
        });
    }

    [TestCase(2, "nope", "preview", "nope")]
    [TestCase(2, "nope", "test", "nope")]
    [TestCase(1, "line 1, column 5", "render", "Job {source failed")]
    public async Task Run_UnknownNameOrBrokenTemplate_ExitsWithTheCodeAndSaysWhat(int exitCode, string says, params string[] args)
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(exitCode));
            Assert.That(run.Error, Does.Contain(says));
        });
    }

    [Test]
    public async Task Render_HostileSourceWithJsonEscaping_IsEscaped()
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync("render", "\"{source}\"", "--escaping", "json", "--event", "job.failed", "--source", "a\"b\n</script>");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output.Trim(), Is.EqualTo("\"a\\\"b\\n\\u003C/script\\u003E\""));
        });
    }

    [Test]
    public async Task Test_PickupFolderChannel_DeliversAnEmlFileAndExitsZero()
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync("test", "ops-mail");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error + run.Output);
            Assert.That(run.Output, Does.Contain("Delivered a test notification to 'ops-mail'"));
            Assert.That(Directory.EnumerateFiles(MailFolder, "*.eml").Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Test_UnreachableWebhook_ExitsOneWithTheReasonButNotTheUrlPath()
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync("test", "ops-hook");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Output, Does.Contain("was not delivered"));
            Assert.That(run.Output + run.Error, Does.Not.Contain("s3cret-token"));
        });
    }

    [TestCase("frobnicate")]
    [TestCase("validate", "--verbose")]
    [TestCase("validate", "--config")]
    [TestCase("preview")]
    [TestCase("render", "--escaping", "xml", "{source}")]
    [TestCase("preview", "failures", "--action", "-1")]
    [TestCase("render", "{source}", "--source", "x")]
    public async Task Run_BadCommandLine_ExitsTwoWithUsageHint(params string[] args)
    {
        Write("appsettings.json", ValidSettings);

        var run = await RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("alerting --help"));
        });
    }

    [Test]
    public async Task Run_Help_PrintsTheCommands()
    {
        var run = await RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero);
            Assert.That(run.Output, Does.Contain("validate").And.Contain("preview <rule>").And.Contain("test <channel>"));
        });
    }

    private string MailFolder => Path.Combine(_directory, "mail");

    private void Write(string name, string content) =>
        File.WriteAllText(Path.Combine(_directory, name), content.Replace("{mail}", MailFolder.Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal));

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await AlertingTool.RunAsync(args, output, error, _directory, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
