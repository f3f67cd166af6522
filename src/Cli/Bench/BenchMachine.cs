using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>What the figures were measured on: they mean little without it, on a shared 2-core box least of all.</summary>
public sealed record BenchMachine(
    [property: JsonPropertyName("cpu")] string Cpu,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("memory_gb")] double MemoryGb,
    [property: JsonPropertyName("load_average_at_start")] string LoadAverage,
    [property: JsonPropertyName("runtime")] string Runtime)
{
    [JsonIgnore]
    public string Summary => $"{Cpu}, {Cores} cores, {MemoryGb:0} GB, load average {LoadAverage} at start, {Runtime}";

    public static BenchMachine Describe()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memKb = ReadFirst("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var loadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        return new BenchMachine(
            cpu, Environment.ProcessorCount,
            memKb is null ? 0 : Math.Round(long.Parse(memKb, System.Globalization.CultureInfo.InvariantCulture) / 1048576.0, 1),
            loadAverage, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
