using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Alerting.Benchmarks -- email-burst
// dotnet run -c Release --project tests/Alerting.Benchmarks -- pipeline-throughput
switch (args)
{
    case ["email-burst"]:
        await Alerting.Benchmarks.EmailBurstHarness.RunAsync();
        return;
    case ["pipeline-throughput"]:
        await Alerting.Benchmarks.PipelineThroughputHarness.RunAsync();
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
