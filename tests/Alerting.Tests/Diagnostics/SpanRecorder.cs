using System.Collections.Concurrent;
using System.Diagnostics;
using Alerting.Diagnostics;

namespace Alerting.Tests.Diagnostics;

/// <summary>Listens to Alerting's activity source and keeps the finished spans of one event type (other tests may run alongside).</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(string eventType)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AlertingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem(AlertingTelemetryTags.EventType), eventType))
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    public IReadOnlyList<Activity> Named(string operationName) => [.. _stopped.Where(a => a.OperationName == operationName)];

    public void Dispose() => _listener.Dispose();
}
