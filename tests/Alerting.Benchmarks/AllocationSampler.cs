using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Alerting.Benchmarks;

/// <summary>
/// Where the bytes go: samples the runtime's allocation ticks (one about every 100 KB allocated, naming the type that
/// crossed the mark) while it is enabled, so the types that allocate most show in proportion to their bytes. For the
/// <c>delivery-allocations</c> mode; a sampling, not an exact count.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>The sampled types, most bytes first, with their share of the sampled bytes.</summary>
    public IReadOnlyList<(string Type, long Bytes, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytes.Values.Sum());
        return [.. _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value, (double)p.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
