namespace Alerting.Tool;

/// <summary>The command line, parsed: a command, its positional arguments and its options.</summary>
internal sealed class ToolArguments
{
    private static readonly HashSet<string> s_options = new(StringComparer.Ordinal)
    {
        "--config", "--environment", "--section", "--event", "--events", "--source", "--action", "--escaping",
    };

    private ToolArguments(string command, List<string> positional, Dictionary<string, List<string>> options)
    {
        Command = command;
        Positional = positional;
        Options = options;
    }

    /// <summary>Gets the command (<c>validate</c>, <c>preview</c>, <c>render</c>, <c>test</c>, <c>help</c>).</summary>
    public string Command { get; }

    /// <summary>Gets the arguments after the command that are not options.</summary>
    public IReadOnlyList<string> Positional { get; }

    private Dictionary<string, List<string>> Options { get; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ToolUsageException">An option is unknown or has no value.</exception>
    public static ToolArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return new ToolArguments("help", [], []);
        }

        var positional = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (!s_options.Contains(arg))
            {
                throw new ToolUsageException($"Unknown option '{arg}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new ToolUsageException($"Option '{arg}' needs a value.");
            }

            if (!options.TryGetValue(arg, out var values))
            {
                options[arg] = values = [];
            }

            values.Add(args[++i]);
        }

        return new ToolArguments(args[0], positional, options);
    }

    /// <summary>Every value given for an option, in order.</summary>
    public IReadOnlyList<string> All(string option) => Options.TryGetValue(option, out var values) ? values : [];

    /// <summary>The last value given for an option, or <see langword="null"/>.</summary>
    public string? Single(string option) => Options.TryGetValue(option, out var values) ? values[^1] : null;

    /// <summary>The only positional argument the command takes.</summary>
    /// <exception cref="ToolUsageException">There is not exactly one.</exception>
    public string Operand(string what) => Positional.Count == 1
        ? Positional[0]
        : throw new ToolUsageException($"'{Command}' takes one argument: the {what}.");
}
