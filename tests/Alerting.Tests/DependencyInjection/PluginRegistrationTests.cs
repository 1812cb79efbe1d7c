using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Reflection;
using Alerting.DependencyInjection.Internal;
using Alerting.Notifiers.Console;
using Alerting.Tests.DependencyInjection.Plugins;
using Alerting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.DependencyInjection;

/// <summary>Third-party notifiers (<see cref="FileDropNotifier"/>, <see cref="HookNotifier"/>) registered from code and configuration.</summary>
[TestFixture]
public sealed class PluginRegistrationTests
{
    [Test]
    public async Task AddNotifier_FromCode_DeliversThroughCustomNotifierWithItsOptionsAndServices()
    {
        await using var harness = AlertingHarness.Create(
            a => a
                .AddNotifier<FileDropNotifier, FileDropOptions>("drop", o => o.Folder = "/alerts")
                .AddRule("r", r => r.Notify("drop")),
            s => s.AddSingleton<FileDropBox>());

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        var drop = harness.Get<FileDropBox>().Drops.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(drop.Path, Is.EqualTo($"/alerts/{result.Event.Id}.txt"));
            Assert.That(drop.Notification.ChannelName, Is.EqualTo("drop"));
        });
    }

    [Test]
    public async Task AddNotifier_SetsChannelTypeToDefaultTypeName()
    {
        await using var harness = AlertingHarness.Create(
            a => a.AddNotifier<FileDropNotifier, FileDropOptions>("drop", o => o.Folder = "/alerts"),
            s => s.AddSingleton<FileDropBox>());

        Assert.That(harness.Get<IOptions<AlertingOptions>>().Value.Channels["drop"].Type, Is.EqualTo("filedrop"));
    }

    [TestCase(typeof(FileDropNotifier), "filedrop")]
    [TestCase(typeof(HookNotifier), "hook")]
    [TestCase(typeof(RecordingNotifier), "recording")]
    [TestCase(typeof(ConsoleNotifier), "console")]
    [TestCase(typeof(FileDropBox), "filedropbox")]
    public void DefaultTypeName_IsClassNameWithoutNotifierInLowerCase(Type notifierType, string expected) =>
        Assert.That(NotifierRegistration.DefaultTypeName(notifierType), Is.EqualTo(expected));

    [TestCase("filedrop")]
    [TestCase("FileDrop")]
    public async Task AddNotifierType_ChannelFromConfiguration_UsesRegisteredTypeName(string type)
    {
        var json = $$"""
            {
              "Alerting": {
                "Channels": { "drop": { "Type": "{{type}}", "Folder": "/from-config" } },
                "Rules": { "r": { "Actions": [ { "Channel": "drop" } ] } }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json);

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(harness.Get<FileDropBox>().Drops.Select(d => d.Path), Is.EqualTo(new[] { $"/from-config/{result.Event.Id}.txt" }));
        });
    }

    [Test]
    public async Task AddNotifierType_ExplicitTypeName_IsTheNameConfigurationUses()
    {
        await using var harness = AlertingHarness.Create(
            _ => { },
            s => s
                .AddSingleton<FileDropBox>()
                .AddAlerting(
                    JsonConfiguration.AlertingSection("""
                        {
                          "Alerting": {
                            "Channels": { "drop": { "Type": "drops", "Folder": "/x" } },
                            "Rules": { "r": { "Actions": [ { "Channel": "drop" } ] } }
                          }
                        }
                        """),
                    a => a.AddNotifierType<FileDropNotifier, FileDropOptions>("drops")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(harness.Get<FileDropBox>().Drops, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task AddNotifierType_TypeNotRegistered_ListsRegisteredTypes()
    {
        await using var harness = AlertingHarness.Create(
            _ => { },
            s => s
                .AddSingleton<FileDropBox>()
                .AddAlerting(
                    JsonConfiguration.AlertingSection("""{ "Alerting": { "Channels": { "drop": { "Type": "filedrop", "Folder": "/x" } } } }"""),
                    a => a.AddNotifierType<FileDropNotifier, FileDropOptions>("drops").AddNotifierType<HookNotifier, HookOptions>()));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures, Is.EqualTo(new[]
        {
            "Channel 'drop': Type 'filedrop' is not a registered notifier type (known: console, drops, email, hook, job-run, pagerduty, slack, teams, twilio, webhook). Register custom types with AddNotifier or AddNotifierType.",
        }));
    }

    [Test]
    public async Task NotifierTakingHttpClient_GetsItsChannelsNamedClient()
    {
        var url = new Uri("https://hooks.example/alert");
        using var first = new MockHttpMessageHandler();
        using var second = new MockHttpMessageHandler();
        first.Expect(HttpMethod.Post, url.ToString()).WithContent("first: nightly-import").Respond(HttpStatusCode.Accepted);
        second.Expect(HttpMethod.Post, url.ToString()).WithContent("second: nightly-import").Respond(HttpStatusCode.Accepted);
        await using var harness = AlertingHarness.Create(
            a => a
                .AddNotifier<HookNotifier, HookOptions>("first", o => o.Url = url)
                .AddNotifier<HookNotifier, HookOptions>("second", o => o.Url = url)
                .ConfigureChannel("first", c => c.Retry.MaxAttempts = 1)
                .ConfigureChannel("second", c => c.Retry.MaxAttempts = 1)
                .AddRule("r", r => r
                    .Notify("first", x => x.Title = "first: {source}")
                    .Notify("second", x => x.Title = "second: {source}")),
            s =>
            {
                s.AddHttpClient("Alerting.first").ConfigurePrimaryHttpMessageHandler(() => first);
                s.AddHttpClient("Alerting.second").ConfigurePrimaryHttpMessageHandler(() => second);
            });

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcomes.Select(o => (o.ChannelName, o.Status, o.Reason)), Is.EquivalentTo(new[]
            {
                ("first", DeliveryOutcomeStatus.Delivered, (string?)null),
                ("second", DeliveryOutcomeStatus.Delivered, null),
            }));
            Assert.That(first.VerifyNoOutstandingExpectation, Throws.Nothing);
            Assert.That(second.VerifyNoOutstandingExpectation, Throws.Nothing);
        });
    }

    [Test]
    public async Task NotifierOptions_BoundPerChannelName()
    {
        const string json = """
            {
              "Alerting": {
                "Channels": {
                  "drop-eu": { "Type": "filedrop", "Folder": "/eu" },
                  "drop-us": { "Type": "filedrop", "Folder": "/us", "Extension": ".log" }
                },
                "Rules": { "r": { "Actions": [ { "Channel": "drop-eu" }, { "Channel": "drop-us" } ] } }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json);

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        var id = result.Event.Id;
        Assert.That(
            harness.Get<FileDropBox>().Drops.Select(d => (d.Notification.ChannelName, d.Path)),
            Is.EquivalentTo(new[] { ("drop-eu", $"/eu/{id}.txt"), ("drop-us", $"/us/{id}.log") }));
    }

    [Test]
    public async Task NotifierOptions_BoundFromConfigurationThenCodeDelegates()
    {
        const string json = """
            {
              "Alerting": {
                "Channels": { "drop": { "Type": "filedrop", "Folder": "/cfg", "Extension": ".cfg" } },
                "Rules": { "r": { "Actions": [ { "Channel": "drop" } ] } }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json, a => a.AddNotifier<FileDropNotifier, FileDropOptions>("drop", o => o.Extension = ".code"));

        var options = harness.Get<IOptionsMonitor<FileDropOptions>>().Get("drop");
        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That((options.Folder, options.Extension), Is.EqualTo(("/cfg", ".code")));
            Assert.That(harness.Get<FileDropBox>().Drops.Select(d => d.Path), Is.EqualTo(new[] { $"/cfg/{result.Event.Id}.code" }));
        });
    }

    [Test]
    public async Task NotifierOptionsValidation_FailureReportedWithChannelName()
    {
        const string json = """
            { "Alerting": { "Channels": { "drop": { "Type": "filedrop", "Extension": ".eml" } } } }
            """;
        await using var harness = ConfiguredAlerting.Create(
            json,
            a => a.AddNotifier<FileDropNotifier, FileDropOptions>("other-drop").AddNotifier<FileDropNotifier, FileDropOptions>("good-drop", o => o.Folder = "/ok"),
            s => s.AddSingleton<IValidateOptions<FileDropOptions>, FileDropOptionsValidator>());

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures, Is.EqualTo(new[] { "Channel 'drop': Folder is required.", "Channel 'other-drop': Folder is required." }));
    }

    [Test]
    public async Task Validate_NotifierDependencyNotRegistered_IsListedAsChannelProblem()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddNotifier<FileDropNotifier, FileDropOptions>("drop", o => o.Folder = "/alerts")
            .AddRule("r", r => r.Notify("drop")));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures.Single(), Does.StartWith("Channel 'drop': the FileDropNotifier could not be created: ").And.Contain(nameof(FileDropBox)));
    }

    [Test]
    public async Task AddNotifierType_WithBindDelegate_BindsEveryConfiguredChannelThroughIt()
    {
        await using var harness = AlertingHarness.Create(
            _ => { },
            s => s
                .AddSingleton<FileDropBox>()
                .AddAlerting(
                    JsonConfiguration.AlertingSection("""
                        {
                          "Alerting": {
                            "Channels": { "drop-eu": { "Type": "drops", "Folder": "eu" }, "drop-us": { "Type": "drops", "Folder": "us" } },
                            "Rules": { "r": { "Actions": [ { "Channel": "drop-eu" }, { "Channel": "drop-us" } ] } }
                          }
                        }
                        """),
                    a => a.AddNotifierType<FileDropNotifier, FileDropOptions>((section, o) => o.Folder = $"/bound/{section["Folder"]}", "drops")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.That(
            harness.Get<FileDropBox>().Drops.Select(d => d.Path),
            Is.EquivalentTo(new[] { $"/bound/eu/{result.Event.Id}.txt", $"/bound/us/{result.Event.Id}.txt" }));
    }

    [Test]
    public async Task AddNotifier_WithBindDelegate_BindsFromConfigurationThenCodeDelegate()
    {
        var bound = new List<string?>();
        await using var harness = AlertingHarness.Create(
            _ => { },
            s => s
                .AddSingleton<FileDropBox>()
                .AddAlerting(
                    JsonConfiguration.AlertingSection("""{ "Alerting": { "Channels": { "drop": { "Folder": "/cfg", "Extension": ".cfg" } } } }"""),
                    a => a
                        .AddNotifier<FileDropNotifier, FileDropOptions>(
                            "drop",
                            (section, o) =>
                            {
                                bound.Add(section["Folder"]);
                                section.Bind(o);
                            },
                            o => o.Extension = ".code")
                        .AddRule("r", r => r.Notify("drop"))));

        var options = harness.Get<IOptionsMonitor<FileDropOptions>>().Get("drop");
        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(bound, Is.EqualTo(new[] { "/cfg" }));
            Assert.That((options.Folder, options.Extension), Is.EqualTo(("/cfg", ".code")));
            Assert.That(harness.Get<FileDropBox>().Drops.Select(d => d.Path), Is.EqualTo(new[] { $"/cfg/{result.Event.Id}.code" }));
        });
    }

    [Test]
    public void RegistrationOverloads_ThatBindByReflection_CarryTheirTrimmingAndAotWarnings_TheOthersDoNot()
    {
        var overloads = typeof(AlertingBuilder).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name is nameof(AlertingBuilder.AddNotifier) or nameof(AlertingBuilder.AddNotifierType))
            .Select(m => (
                TakesBinder: m.GetParameters().Any(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(Action<,>)
                    && p.ParameterType.GetGenericArguments()[0] == typeof(IConfiguration)),
                Warns: m.IsDefined(typeof(RequiresUnreferencedCodeAttribute)) && m.IsDefined(typeof(RequiresDynamicCodeAttribute))))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(overloads, Has.Count.EqualTo(6));
            Assert.That(overloads.Where(o => o.TakesBinder).Select(o => o.Warns), Is.EqualTo(new[] { false, false, false }));
            Assert.That(overloads.Where(o => !o.TakesBinder).Select(o => o.Warns), Is.EqualTo(new[] { true, true, true }));
        });
    }
}
