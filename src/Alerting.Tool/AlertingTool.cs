using Alerting.Diagnostics;
using Alerting.Dispatch;
using Alerting.Notifiers;
using Alerting.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tool;

/// <summary>
/// The <c>alerting</c> command: builds Alerting from the same appsettings.json (and environment variables) the app
/// reads, then validates it, previews a rule or a template, or sends a test notification through
/// <see cref="IAlertingTester"/>. Exit codes: 0 fine, 1 the configuration or the delivery failed, 2 the command line
/// or a file is wrong.
/// </summary>
internal static class AlertingTool
{
    public const string Usage = """
        Usage: alerting <command> [arguments] [options]

        Commands:
          validate                 Check every channel, rule and template without sending anything.
          preview <rule>           Show what each of the rule's channel actions would send for a sample event,
                                   or (--events) the grouped notifications for a burst of events.
          render <template>        Render a template against a sample event.
          test <channel>           Send a test notification to a channel and report the outcome.

        Options:
          --config <file>          Settings file (repeatable, later files win). Default: appsettings.json, then
                                   appsettings.<environment>.json when it exists. Environment variables
                                   (Alerting__Channels__name__Key=...) are read last, as in the app.
          --environment <name>     The environment; default DOTNET_ENVIRONMENT or ASPNETCORE_ENVIRONMENT.
          --section <name>         The configuration section. Default: Alerting.
          --event <type>           preview, render: the sample event's type (job.failed, service.degraded, ...).
          --source <name>          preview, render: the sample event's source.
          --events <file.json>     preview: a JSON array of events arriving together, each with type, source and
                                   optionally severity, message, status (firing/resolved), dedupKey, url and
                                   attributes; shows one notification per group (or incident) they make.
          --action <index>         preview: only this action (0-based).
          --escaping <kind>        render: None, Json, Html, SlackMrkdwn or Url. Default: None.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string workingDirectory, CancellationToken cancellationToken)
    {
        try
        {
            var arguments = ToolArguments.Parse(args);
            if (arguments.Command == "help")
            {
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            }

            if (arguments.Command is not ("validate" or "preview" or "render" or "test"))
            {
                throw new ToolUsageException($"Unknown command '{arguments.Command}'.");
            }

            var section = LoadSection(arguments, workingDirectory);
            var services = new ServiceCollection().AddAlerting(section);
            var provider = services.BuildServiceProvider();
            await using (provider.ConfigureAwait(false))
            {
                var tester = provider.GetRequiredService<IAlertingTester>();
                return arguments.Command switch
                {
                    "validate" => Validate(tester, section, output, error),
                    "preview" when arguments.Single("--events") is { } file => await PreviewGroupsAsync(tester, arguments, SampleFile.Read(file, workingDirectory), output).ConfigureAwait(false),
                    "preview" => Preview(tester, arguments, output),
                    "render" => Render(tester, arguments, output),
                    _ => await TestAsync(tester, arguments.Operand("channel name"), output, cancellationToken).ConfigureAwait(false),
                };
            }
        }
        catch (ToolUsageException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await error.WriteLineAsync("Run 'alerting --help' for usage.").ConfigureAwait(false);
            return 2;
        }
        catch (AlertingConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (TemplateException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (ArgumentException ex)
        {
            // The tester's answer to a rule or channel that does not exist.
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static IConfigurationSection LoadSection(ToolArguments arguments, string workingDirectory)
    {
        var environment = arguments.Single("--environment")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
        var files = arguments.All("--config");
        var builder = new ConfigurationBuilder();
        if (files.Count == 0)
        {
            builder.AddJsonFile(Existing(Path.Combine(workingDirectory, "appsettings.json")), optional: false);
            if (!string.IsNullOrEmpty(environment))
            {
                builder.AddJsonFile(Path.Combine(workingDirectory, $"appsettings.{environment}.json"), optional: true);
            }
        }

        foreach (var file in files)
        {
            builder.AddJsonFile(Existing(Path.GetFullPath(file, workingDirectory)), optional: false);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.AddEnvironmentVariables().Build();
        }
        catch (InvalidDataException ex)
        {
            throw new ToolUsageException(ex.Message);
        }
        catch (FormatException ex)
        {
            throw new ToolUsageException(ex.Message);
        }

        var name = arguments.Single("--section") ?? "Alerting";
        var section = configuration.GetSection(name);
        return section.Exists() ? section : throw new ToolUsageException($"The configuration has no '{name}' section.");
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new ToolUsageException($"Settings file not found: {path}. Pass --config <file>.");

    private static int Validate(IAlertingTester tester, IConfigurationSection section, TextWriter output, TextWriter error)
    {
        var problems = tester.Validate();
        if (problems.Count > 0)
        {
            error.WriteLine($"{problems.Count} problem(s):");
            foreach (var problem in problems)
            {
                error.WriteLine($"  - {problem}");
            }

            return 1;
        }

        var channels = section.GetSection("Channels").GetChildren().Count();
        var rules = section.GetSection("Rules").GetChildren().Count();
        output.WriteLine($"The configuration is valid: {channels} channel(s) and {rules} rule(s) in '{section.Path}'.");
        return 0;
    }

    private static int Preview(IAlertingTester tester, ToolArguments arguments, TextWriter output)
    {
        var rule = arguments.Operand("rule name");
        var sample = SampleEvent(tester, arguments, required: false);
        if (arguments.Single("--action") is { } only)
        {
            Write(output, tester.Preview(rule, sample, ActionIndex(only)));
            return 0;
        }

        for (var index = 0; ; index++)
        {
            Notification notification;
            try
            {
                notification = tester.Preview(rule, sample, index);
            }
            catch (ArgumentException) when (index > 0)
            {
                return 0; // past the rule's last channel action
            }

            Write(output, notification);
        }
    }

    private static async Task<int> PreviewGroupsAsync(IAlertingTester tester, ToolArguments arguments, IReadOnlyList<AlertEvent> events, TextWriter output)
    {
        var rule = arguments.Operand("rule name");
        if (arguments.Single("--event") is not null)
        {
            throw new ToolUsageException("--events and --event exclude each other: the file gives the events.");
        }

        int? only = arguments.Single("--action") is { } text ? ActionIndex(text) : null;
        for (var index = only ?? 0; ; index++)
        {
            IReadOnlyList<Notification> notifications;
            try
            {
                notifications = await tester.PreviewGroupsAsync(rule, events, index).ConfigureAwait(false);
            }
            catch (ArgumentException) when (only is null && index > 0)
            {
                return 0; // past the rule's last channel action
            }

            await output.WriteLineAsync($"{notifications.Count} notification(s) from action {index}:").ConfigureAwait(false);
            foreach (var notification in notifications)
            {
                Write(output, notification);
            }

            if (only is not null)
            {
                return 0;
            }
        }
    }

    private static int Render(IAlertingTester tester, ToolArguments arguments, TextWriter output)
    {
        var template = arguments.Operand("template text");
        var escaping = arguments.Single("--escaping") is { } name
            ? Enum.TryParse<TemplateEscaping>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ToolUsageException($"Unknown escaping '{name}': use None, Json, Html, SlackMrkdwn or Url.")
            : TemplateEscaping.None;
        output.WriteLine(tester.RenderTemplate(template, SampleEvent(tester, arguments, required: true)!, escaping));
        return 0;
    }

    private static async Task<int> TestAsync(IAlertingTester tester, string channel, TextWriter output, CancellationToken cancellationToken)
    {
        var outcome = await tester.SendTestAsync(channel, cancellationToken).ConfigureAwait(false);
        var delivered = outcome.Status == DeliveryOutcomeStatus.Delivered;
        await output.WriteLineAsync(delivered
            ? $"Delivered a test notification to '{channel}' in {outcome.Attempts} attempt(s), {outcome.Duration.TotalMilliseconds:F0} ms."
            : $"The test notification to '{channel}' was not delivered ({outcome.Status}, {outcome.Attempts} attempt(s)): {outcome.Reason}").ConfigureAwait(false);
        return delivered ? 0 : 1;
    }

    private static AlertEvent? SampleEvent(IAlertingTester tester, ToolArguments arguments, bool required)
    {
        var type = arguments.Single("--event");
        var source = arguments.Single("--source");
        if (type is null && source is not null)
        {
            throw new ToolUsageException("--source needs --event: the sample's type.");
        }

        return type is null && !required ? null : tester.CreateSampleEvent(type ?? AlertEventTypes.JobFailed, source);
    }

    private static int ActionIndex(string text) =>
        int.TryParse(text, out var index) && index >= 0 ? index : throw new ToolUsageException($"--action must be a number from 0, not '{text}'.");

    private static void Write(TextWriter output, Notification notification)
    {
        output.WriteLine($"[{notification.RuleName}] -> channel '{notification.ChannelName}' ({notification.Severity}, {notification.Event.Type} from {notification.Event.Source})");
        Field(output, "Title", notification.Title);
        Field(output, "Message", notification.Message);
        Field(output, "Subject", notification.Subject);
        Field(output, "Body", notification.Body);
        Field(output, "Payload", notification.Payload);
        Field(output, "Alerts", string.Join('\n', notification.Alerts.Select(a => $"{a.State,-8} {a.Text}")));
        output.WriteLine();
    }

    private static void Field(TextWriter output, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.WriteLine($"  {name + ":",-9}{value.ReplaceLineEndings(Environment.NewLine + new string(' ', 11))}");
        }
    }
}
