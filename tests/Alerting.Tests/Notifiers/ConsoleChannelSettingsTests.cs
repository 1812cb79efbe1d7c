using System.Reflection;
using Alerting.Notifiers.Console;
using Alerting.Notifiers.Console.Internal;
using Microsoft.Extensions.Configuration;

namespace Alerting.Tests.Notifiers;

/// <summary>What a console channel reads from configuration: the options less the code-only writer.</summary>
[TestFixture]
public sealed class ConsoleChannelSettingsTests
{
    [Test]
    public void Settings_CoverEveryOptionButTheCodeOnlyWriter()
    {
        static IEnumerable<(string, Type)> Settable(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => (p.Name, p.PropertyType));

        Assert.That(
            Settable(typeof(ConsoleChannelSettings)),
            Is.EquivalentTo(Settable(typeof(ConsoleNotifierOptions)).Where(p => p.Item1 != nameof(ConsoleNotifierOptions.Writer))));
    }

    [Test]
    public void Bind_SetsWhatTheSectionHolds_AndKeepsTheRestAndTheWriter()
    {
        using var writer = new StringWriter();
        var options = new ConsoleNotifierOptions { IncludeMessage = false, Writer = writer };
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Channels:ops:Output"] = "Logger" })
            .Build()
            .GetSection("Channels:ops");

        ConsoleChannelSettings.Bind(section, options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Output, Is.EqualTo(ConsoleOutput.Logger));
            Assert.That(options.IncludeMessage, Is.False);
            Assert.That(options.Writer, Is.SameAs(writer));
        });
    }
}
