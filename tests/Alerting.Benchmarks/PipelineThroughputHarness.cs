using System.Diagnostics;

namespace Alerting.Benchmarks;

/// <summary>
/// The pipeline of <see cref="PipelineBenchmarks"/> (same rules, channel and events) driven as a bounded, sustained load:
/// 30 rounds of 100,000 events, each round timed from the first publish to the last delivery. Prints the median and
/// best rounds in events per second and the bytes allocated per event. BenchmarkDotNet's figure for the same work runs
/// fewer, shorter iterations and includes its own overhead; this one shows what a busy process sustains.
/// Run: <c>dotnet run -c Release --project tests/Alerting.Benchmarks -- pipeline-throughput</c>.
/// </summary>
internal static class PipelineThroughputHarness
{
    private const int Rounds = 30;
    private const int WarmUp = 5;

    public static async Task RunAsync()
    {
        var pipeline = new PipelineBenchmarks();
        pipeline.Setup();
        try
        {
            var perSecond = new List<double>();
            long allocated = 0;
            for (var round = 0; round < WarmUp + Rounds; round++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                await pipeline.PublishMatchRenderDeliver();
                watch.Stop();
                if (round >= WarmUp)
                {
                    perSecond.Add(PipelineBenchmarks.Events / watch.Elapsed.TotalSeconds);
                    allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
                }
            }

            perSecond.Sort();
            Console.WriteLine($"Pipeline throughput: {Rounds} rounds of {PipelineBenchmarks.Events:N0} events after {WarmUp} warm-up rounds, {Environment.ProcessorCount} cores");
            Console.WriteLine($"  median {perSecond[Rounds / 2]:N0} events/s ({1e6 / perSecond[Rounds / 2]:F2} us/event), best {perSecond[^1]:N0}, worst {perSecond[0]:N0}");
            Console.WriteLine($"  allocated {allocated / ((long)Rounds * PipelineBenchmarks.Events):N0} B/event");
        }
        finally
        {
            await pipeline.Cleanup();
        }
    }
}
