using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Chariot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Chariot.Benchmarks.PageParsingBenchmarks).Assembly).Run(args);
