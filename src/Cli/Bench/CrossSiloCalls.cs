using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The ingest gateways' card grain calls over a run and how many crossed silos, summed over the silo workers from
/// each one's last status line (a killed worker's: its last before the kill); per worker as [calls, crossed].
/// </summary>
public sealed record CrossSiloCalls(
    [property: JsonPropertyName("calls")] long Calls,
    [property: JsonPropertyName("remote")] long Remote,
    [property: JsonPropertyName("remote_pct")] double RemotePercent,
    [property: JsonPropertyName("by_silo")] IReadOnlyList<long[]> BySilo)
{
    public static CrossSiloCalls Of(IEnumerable<WorkerStatus?> last)
    {
        var bySilo = last.Select(s => new[] { s?.GrainCalls ?? 0, s?.GrainCallsRemote ?? 0 }).ToList();
        var (calls, remote) = (bySilo.Sum(s => s[0]), bySilo.Sum(s => s[1]));
        return new CrossSiloCalls(calls, remote, calls > 0 ? Math.Round(remote * 100.0 / calls, 3) : double.NaN, bySilo);
    }
}
