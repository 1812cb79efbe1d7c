using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Alerting.Benchmarks -- email-burst
// dotnet run -c Release --project tests/Alerting.Benchmarks -- pipeline-throughput
// dotnet run -c Release --project tests/Alerting.Benchmarks -- delivery-throughput [deliveries, default 20000]
// dotnet run -c Release --project tests/Alerting.Benchmarks -- delivery-latency [samples, default 300]
// dotnet run -c Release --project tests/Alerting.Benchmarks -- delivery-allocations [deliveries, default 20000]
// dotnet run -c Release --project tests/Alerting.Benchmarks -- first-event [fresh processes, default 10]
// dotnet run -c Release --project tests/Alerting.Benchmarks -- recovery [deliveries per case, default 5]
// dotnet run -c Release --project tests/Alerting.Benchmarks -- scale-out [replica processes, default 3]
// dotnet run -c Release --project tests/Alerting.Benchmarks -- redis-cost
// dotnet run -c Release --project tests/Alerting.Benchmarks -- monitor-memory [jobs, default 100000]
switch (args)
{
    case ["email-burst"]:
        await Alerting.Benchmarks.EmailBurstHarness.RunAsync();
        return;
    case ["pipeline-throughput"]:
        await Alerting.Benchmarks.PipelineThroughputHarness.RunAsync();
        return;
    case ["delivery-throughput", .. var throughputArgs]:
        await Alerting.Benchmarks.DeliveryHarness.RunThroughputAsync(Count(throughputArgs, 20_000));
        return;
    case ["first-event", .. var firstEventArgs]:
        await Alerting.Benchmarks.DeliveryHarness.RunFirstEventAsync(Count(firstEventArgs, 10));
        return;
    case ["first-event-child", var mode, var receiverUrl]:
        await Alerting.Benchmarks.DeliveryHarness.FirstEventChildAsync(mode, new Uri(receiverUrl));
        return;
    case ["scale-out", .. var scaleOutArgs]:
        await Alerting.Benchmarks.ScaleOutHarness.RunAsync(Count(scaleOutArgs, 3), 1_000, 100);
        return;
    case ["scale-out-replica", var redis, var prefix, var receiverUrl, var name, var events, var keys]:
        await Alerting.Benchmarks.ScaleOutHarness.ReplicaAsync(redis, prefix, new Uri(receiverUrl), name,
            int.Parse(events, System.Globalization.CultureInfo.InvariantCulture), int.Parse(keys, System.Globalization.CultureInfo.InvariantCulture));
        return;
    case ["monitor-memory", .. var memoryArgs]:
        await Alerting.Benchmarks.MonitorMemoryHarness.RunAsync(Count(memoryArgs, 100_000));
        return;
    case ["redis-cost"]:
        await Alerting.Benchmarks.RedisCostHarness.RunAsync();
        return;
    case ["recovery", .. var recoveryArgs]:
        await Alerting.Benchmarks.DeliveryHarness.RunRecoveryAsync(Count(recoveryArgs, 5));
        return;
    case ["delivery-allocations", .. var allocationArgs]:
        await Alerting.Benchmarks.DeliveryHarness.RunAllocationsAsync(Count(allocationArgs, 20_000));
        return;
    case ["delivery-latency", .. var latencyArgs]:
        await Alerting.Benchmarks.DeliveryHarness.RunLatencyAsync(Count(latencyArgs, 300));
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

static int Count(string[] rest, int fallback) => rest is [var text] ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
