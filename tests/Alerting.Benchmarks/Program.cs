using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
