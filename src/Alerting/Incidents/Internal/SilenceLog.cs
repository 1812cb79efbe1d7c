using Microsoft.Extensions.Logging;

namespace Alerting.Incidents.Internal;

/// <summary>Log messages of the silences in force (category <c>Alerting.Silences</c>, event ids 1400-1449).</summary>
internal static partial class SilenceLog
{
    public const string Category = "Alerting.Silences";

    [LoggerMessage(1400, LogLevel.Debug, "Run-time silences read from the silence store: {Count} in force ({Names}).", EventName = "SilencesRefreshed")]
    public static partial void Refreshed(ILogger logger, int count, string names);

    [LoggerMessage(1401, LogLevel.Warning, "The silence store could not be read ({ExceptionType}): the silences read last stay in force until it can.", EventName = "SilenceStoreFailed")]
    public static partial void StoreFailed(ILogger logger, string exceptionType);

    [LoggerMessage(1402, LogLevel.Warning, "Run-time silence {SilenceName} from the silence store is not in force: {Problems}", EventName = "StoredSilenceInvalid")]
    public static partial void StoredSilenceInvalid(ILogger logger, string silenceName, string problems);
}
