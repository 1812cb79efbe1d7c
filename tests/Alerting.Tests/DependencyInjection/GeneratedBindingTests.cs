using System.Collections;
using System.Globalization;
using System.Reflection;
using Alerting.Diagnostics;
using Alerting.Notifiers.Console;
using Alerting.Notifiers.Email;
using Alerting.Notifiers.PagerDuty;
using Alerting.Notifiers.Slack;
using Alerting.Notifiers.Teams;
using Alerting.Notifiers.Twilio;
using Alerting.Notifiers.Webhook;
using Alerting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.DependencyInjection;

/// <summary>
/// The library binds its options with the configuration binding source generator (trimming and native AOT); these pin
/// that it binds every key of every options type exactly as the reflection binder (which this test project uses) does,
/// with a value for every setting of the options graph. A value it cannot convert is a problem of the configuration.
/// </summary>
[TestFixture]
public sealed class GeneratedBindingTests
{
    private static readonly (Type Options, string? ChannelType)[] s_optionsTypes =
    [
        (typeof(AlertingOptions), null),
        (typeof(WebhookOptions), WebhookAlertingBuilderExtensions.TypeName),
        (typeof(SlackOptions), SlackAlertingBuilderExtensions.TypeName),
        (typeof(TeamsOptions), TeamsAlertingBuilderExtensions.TypeName),
        (typeof(TwilioOptions), TwilioAlertingBuilderExtensions.TypeName),
        (typeof(PagerDutyOptions), PagerDutyAlertingBuilderExtensions.TypeName),
        (typeof(EmailOptions), EmailAlertingBuilderExtensions.TypeName),
        (typeof(ConsoleNotifierOptions), ConsoleAlertingBuilderExtensions.TypeName),
    ];

    private static IEnumerable<TestCaseData> OptionsTypes => s_optionsTypes.Select(t => new TestCaseData(t.Options, t.ChannelType).SetArgDisplayNames(t.Options.Name));

    [TestCaseSource(nameof(OptionsTypes))]
    public void GeneratedBinder_EverySetting_BindsAsTheReflectionBinderDoes(Type optionsType, string? channelType)
    {
        var root = channelType is null ? "Alerting" : "Alerting:Channels:ch";
        var keys = new Dictionary<string, string?>();
        Keys(optionsType, root, keys, 0);
        if (channelType is not null)
        {
            keys[root + ":Type"] = channelType;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        using var services = new ServiceCollection().AddAlerting(configuration.GetSection("Alerting")).BuildServiceProvider();
        var generated = Activator.CreateInstance(optionsType)!;
        var configureNamed = typeof(IConfigureNamedOptions<>).MakeGenericType(optionsType).GetMethod("Configure", [typeof(string), optionsType])!;
        var configure = typeof(IConfigureOptions<>).MakeGenericType(optionsType).GetMethod("Configure", [optionsType])!;
        foreach (var step in services.GetServices(typeof(IConfigureOptions<>).MakeGenericType(optionsType)))
        {
            if (configureNamed.DeclaringType!.IsInstanceOfType(step))
            {
                configureNamed.Invoke(step, ["ch", generated]);
            }
            else if (channelType is null)
            {
                configure.Invoke(step, [generated]);
            }
        }

        var reflected = Activator.CreateInstance(optionsType)!;
        configuration.GetSection(root).Bind(reflected);

        Assert.Multiple(() =>
        {
            Assert.That(keys, Has.Count.GreaterThan(channelType is null ? 50 : 2), "the options graph was walked");
            Assert.That(Dump(generated), Is.EqualTo(Dump(reflected)));
            Assert.That(Dump(generated), Is.Not.EqualTo(Dump(Activator.CreateInstance(optionsType)!)), "the keys set something");
        });
    }

    [TestCase("QueueCapacity", "System.Int32")]
    [TestCase("Channels:ops:Retry:MaxAttempts", "System.Int32")]
    [TestCase("Rules:r:Threshold:Window", "System.TimeSpan")]
    public async Task Start_ValueThatCannotBeConverted_IsTheProblemNamingItsKeyButNotItsValue(string key, string type)
    {
        var configuration = Configuration((key, "s3cr3t-typed-in-the-wrong-field"));
        await using var harness = AlertingHarness.Create(_ => { }, s => s.AddAlerting(configuration.GetSection("Alerting")));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Failures, Is.EqualTo(new[] { $"Alerting: Failed to convert configuration value at 'Alerting:{key}' to type '{type}'. Nothing after it in the section was read." }));
            Assert.That(ex.Message, Does.Not.Contain("s3cr3t"));
        });
    }

    [Test]
    public async Task Reload_ValueThatCannotBeConverted_IsRejectedAndTheRunningConfigurationStays()
    {
        var configuration = Configuration();
        var signal = new LogSignal();
        await using var harness = AlertingHarness.Create(_ => { }, s => s.AddLogging(b => b.AddProvider(signal)).AddAlerting(configuration.GetSection("Alerting")));
        var before = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        configuration["Alerting:Channels:ops:Retry:MaxAttempts"] = "many";
        Assert.That(configuration.Reload, Throws.Nothing);
        var rejected = await signal.NextAsync(1019, TimeSpan.FromSeconds(20));
        var after = await harness.Publisher.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, "after-the-edit", AlertSeverity.Error));

        var status = harness.Get<IAlertingTester>().Configuration;
        Assert.Multiple(() =>
        {
            Assert.That(rejected, Does.Contain("'Alerting:Channels:ops:Retry:MaxAttempts'"));
            Assert.That(status.Version, Is.EqualTo(1));
            Assert.That(status.RejectedProblems, Is.EqualTo(new[]
            {
                "Alerting: Failed to convert configuration value at 'Alerting:Channels:ops:Retry:MaxAttempts' to type 'System.Int32'. Nothing after it in the section was read.",
            }));
            Assert.That(before.AllDelivered, Is.True);
            Assert.That(after.AllDelivered, Is.True, "the running configuration keeps delivering");
        });
    }

    /// <summary>A console channel <c>ops</c> (to a logger) that rule <c>r</c> notifies, with <paramref name="extra"/> keys under <c>Alerting</c>.</summary>
    private static IConfigurationRoot Configuration(params (string Key, string Value)[] extra)
    {
        var keys = new Dictionary<string, string?>
        {
            ["Alerting:Channels:ops:Type"] = "console",
            ["Alerting:Channels:ops:Output"] = "Logger",
            ["Alerting:Rules:r:Actions:0:Channel"] = "ops",
        };
        foreach (var (key, value) in extra)
        {
            keys["Alerting:" + key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri) ||
        type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static string Sample(Type type, string name) =>
        type == typeof(string) ? "s-" + name :
        type == typeof(bool) ? "true" :
        type.IsEnum ? Enum.GetNames(type)[^1] :
        type == typeof(TimeSpan) ? "00:00:07" :
        type == typeof(Uri) ? "https://example.test/" + name :
        type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "2030-01-02T03:04:05+00:00" :
        type == typeof(Guid) ? "6f9619ff-8b86-d011-b42d-00c04fc964ff" :
        "7";

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType() :
        type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;

    /// <summary>A key with a value for every setting of <paramref name="type"/>, two items per list, one entry per dictionary.</summary>
    private static void Keys(Type type, string prefix, Dictionary<string, string?> keys, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && depth < 6))
        {
            var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var key = prefix + ":" + name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (typeof(Delegate).IsAssignableFrom(propertyType) || propertyType == typeof(TextWriter) || propertyType == typeof(object) || (IsScalar(propertyType) && !property.CanWrite))
            {
                continue;
            }

            if (IsScalar(propertyType))
            {
                keys[key] = Sample(propertyType, name);
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericArguments() is [var keyType, var valueType] && typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                var entry = key + ":" + (keyType.IsEnum ? Enum.GetNames(keyType)[^1] : "k1");
                if (IsScalar(valueType))
                {
                    keys[entry] = Sample(valueType, name);
                }
                else
                {
                    Keys(valueType, entry, keys, depth + 1);
                }
            }
            else if (ElementOf(propertyType) is { } element)
            {
                if (IsScalar(element))
                {
                    keys[key + ":0"] = Sample(element, name + "0");
                    keys[key + ":1"] = Sample(element, name + "1");
                }
                else
                {
                    Keys(element, key + ":0", keys, depth + 1);
                }
            }
            else if (propertyType.IsClass && !propertyType.IsAbstract)
            {
                Keys(propertyType, key, keys, depth + 1);
            }
        }
    }

    /// <summary>Every public value of an object graph as text, dictionaries in key order.</summary>
    private static string Dump(object? value, int depth = 0)
    {
        switch (value)
        {
            case null:
                return "null";
            case var scalar when IsScalar(scalar.GetType()):
                return Convert.ToString(scalar, CultureInfo.InvariantCulture)!;
            case Delegate or TextWriter:
                return value.GetType().Name;
            case IDictionary dictionary:
                return "{" + string.Join(", ", dictionary.Keys.Cast<object>().OrderBy(k => k.ToString(), StringComparer.Ordinal).Select(k => $"{k}={Dump(dictionary[k], depth + 1)}")) + "}";
            case IEnumerable items:
                return "[" + string.Join(", ", items.Cast<object?>().Select(i => Dump(i, depth + 1))) + "]";
            default:
                return depth > 6 ? value.GetType().Name : "(" + string.Join("; ", value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0)
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => $"{p.Name}: {Dump(p.GetValue(value), depth + 1)}")) + ")";
        }
    }
}
