using System.Diagnostics;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Infrastructure;

/// <summary>The production silo starts no infrastructure of its own, and runs on the packaged librdkafka only.</summary>
public sealed class ProductionSiloTests
{
    [Fact]
    public void The_kafka_client_runs_on_the_packaged_librdkafka()
    {
        Assert.True(LibrdkafkaVersion.IsSupported(out var loaded), $"loaded librdkafka {loaded}");
        Assert.StartsWith("2.16.", loaded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_without_kafka_and_dynamodb_endpoints_exits_non_zero_naming_both_settings()
    {
        var silo = Path.Combine(RepositoryPaths.Root, "src", "Silo", "bin", "Debug", "net10.0", "Fraud.Orleans.Silo.dll");
        Assert.True(File.Exists(silo), $"{silo} is built with the solution");
        var start = new ProcessStartInfo("dotnet", [silo, "--Urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("FRAUD__", StringComparison.Ordinal)))
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        var message = await stderr + await stdout;
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Kafka:BootstrapServers is not set", message, StringComparison.Ordinal);
        Assert.Contains("DynamoDB:ServiceUrl is not set", message, StringComparison.Ordinal);
        Assert.DoesNotContain("mock", message, StringComparison.OrdinalIgnoreCase);
    }
}
