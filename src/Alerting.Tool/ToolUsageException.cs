namespace Alerting.Tool;

/// <summary>The command line or its files are wrong; the message says how. Exit code 2.</summary>
internal sealed class ToolUsageException(string message) : Exception(message);
