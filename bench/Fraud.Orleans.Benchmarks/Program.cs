using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Fraud.Orleans.Benchmarks;

// Short runs: the machines are small and shared, so BenchmarkDotNet's own medians and spread carry the noise.
// In process: the hot path needs the native ONNX Runtime and the model, which a generated project would not find.
var results = args.Length > 0 ? args[0] : "bench-results/micro";
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
    .AddExporter(JsonExporter.Brief)
    .WithArtifactsPath(Path.GetFullPath(results))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
// Further arguments go to BenchmarkDotNet, e.g. --filter '*Csv*'.
BenchmarkRunner.Run(typeof(HotPathBenchmarks).Assembly, config, args.Skip(1).ToArray());
