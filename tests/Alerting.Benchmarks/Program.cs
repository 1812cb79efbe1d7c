using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Alerting.Benchmarks -- email-burst     (needs python3-aiosmtpd)
if (args is ["email-burst"])
{
    await Alerting.Benchmarks.EmailBurstHarness.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
