using System.Text.Json.Serialization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// Both systems at the highest rate the peer sustains, and issue #5's acceptance there: our durable p99 at most
/// a third of the peer's.
/// </summary>
public sealed record RampComparison(
    [property: JsonPropertyName("rate")] int Rate,
    [property: JsonPropertyName("silo_durable_p99_ms")] double SiloDurableP99Ms,
    [property: JsonPropertyName("peer_durable_p99_ms")] double PeerDurableP99Ms,
    [property: JsonPropertyName("silo_over_peer_durable_p99")] double Ratio,
    [property: JsonPropertyName("acceptance_met")] bool AcceptanceMet,
    [property: JsonPropertyName("from")] string From)
{
    public const double AcceptedRatio = 1.0 / 3;

    /// <param name="from">"ramp steps" when both had run the rate during the search, "extra runs" when both ran it again.</param>
    public static RampComparison Of(int rate, RampStep silo, RampStep peer, string from)
    {
        var ratio = peer.DurableP99Ms > 0 && double.IsFinite(silo.DurableP99Ms) ? silo.DurableP99Ms / peer.DurableP99Ms : double.NaN;
        return new RampComparison(rate, silo.DurableP99Ms, peer.DurableP99Ms, Math.Round(ratio, 3), ratio <= AcceptedRatio, from);
    }
}
