using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Tests.Support;
using static Fraud.Orleans.Tests.Support.PrometheusText;

namespace Fraud.Orleans.Tests.Integration;

/// <summary><c>/metrics</c> (OpenTelemetry, Prometheus text) counts exactly what went through the silo.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class MetricsEndpointTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const int Valid = 300;
    private const int Invalid = 17;

    [Fact]
    public async Task Scraped_counters_equal_what_was_sent()
    {
        var names = fixture.NewNames(partitions: 4);
        var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?> { ["Silo:Drift:MinEvents"] = "100" });
        try
        {
            using (var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic))
            {
                for (var i = 0; i < Valid; i++)
                {
                    producer.Produce(new Transaction(1_000 + i, $"card-{i % 40}", 7, 12_34 + i, Monday + i * 60_000L));
                    if (i % 18 == 0 && i / 18 < Invalid)
                    {
                        producer.ProduceRaw(Encoding.UTF8.GetBytes("x"), Encoding.UTF8.GetBytes("{\"transactionId\": not json"));
                    }
                }

                producer.Flush(Deadline);
            }

            using var http = silo.ApiClient();
            Dictionary<string, double> scraped = [];
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    scraped = Parse(await http.GetStringAsync("/metrics"));
                    return Sum(scraped, "fraud_transactions_decided_total") == Valid && Sum(scraped, "fraud_transactions_dead_lettered_total") == Invalid;
                },
                Deadline,
                () => $"decided {Sum(scraped, "fraud_transactions_decided_total")} of {Valid}, dead-lettered {Sum(scraped, "fraud_transactions_dead_lettered_total")} of {Invalid}");

            Assert.Equal(Valid + Invalid, Sum(scraped, "fraud_transactions_consumed_total"));
            Assert.Equal(Valid, Sum(scraped, "fraud_transactions_decided_total"));
            Assert.Equal(Invalid, Sum(scraped, "fraud_transactions_dead_lettered_total"));
            Assert.Equal(Valid, Sum(scraped, "fraud_decision_latency_milliseconds_count"));

            // The live console's figures read the same instruments: the same decisions, every latency in a bucket.
            var figures = await http.GetFromJsonAsync<JsonElement>("/v1/figures");
            var decided = figures.GetProperty("decided");
            foreach (var decision in new[] { "approve", "review", "block" })
            {
                Assert.Equal(Labelled(scraped, "fraud_transactions_decided_total", $"decision=\"{decision}\"").Sum(), decided.GetProperty(decision).GetInt64());
            }

            var latency = figures.GetProperty("latencyMs");
            Assert.Equal(latency.GetProperty("bounds").GetArrayLength() + 1, latency.GetProperty("counts").GetArrayLength());
            Assert.Equal(Valid, latency.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64()));

            Assert.Contains(scraped.Keys, key => key.StartsWith("fraud_transactions_decided_total{", StringComparison.Ordinal) && key.Contains("decision=\"approve\"", StringComparison.Ordinal));
            Assert.Contains(scraped.Keys, key => key.StartsWith("process_", StringComparison.Ordinal));
            Assert.Contains(scraped.Keys, key => key.StartsWith("dotnet_", StringComparison.Ordinal));

            // Drift: every scored transaction is in the window; its amounts (12.34..15.33) are far from training's.
            Assert.Equal(Valid, Sum(scraped, "fraud_drift_window_transactions"));
            var amountPsi = Labelled(scraped, "fraud_drift_psi", "feature=\"TX_AMOUNT\"");
            Assert.True(amountPsi.Count == 1 && amountPsi[0] > 0.2, $"TX_AMOUNT PSI [{string.Join(", ", amountPsi)}]");
            Assert.Single(Labelled(scraped, "fraud_drift_psi", "feature=\"score\""));
            Assert.Equal(1.0, Labelled(scraped, "fraud_drift_score_share", "population=\"training\"").Sum(), 6);

            await Eventually.WaitUntilAsync(
                async () => Sum(scraped = Parse(await http.GetStringAsync("/metrics")), "fraud_signals_durable_total") == Valid,
                Deadline,
                () => $"durable {Sum(scraped, "fraud_signals_durable_total")} of {Valid}");
            Assert.Equal(Valid, Sum(scraped, "fraud_signal_durable_latency_milliseconds_count"));

            // Checkpoints (every 200 ms here) write the 40 cards' states and commit every record, dead letters included.
            await Eventually.WaitUntilAsync(
                async () => Sum(scraped = Parse(await http.GetStringAsync("/metrics")), "fraud_offsets_committed_total") == Valid + Invalid,
                Deadline,
                () => $"committed {Sum(scraped, "fraud_offsets_committed_total")} of {Valid + Invalid}");
            var checkpoints = Sum(scraped, "fraud_checkpoints_completed_total");
            Assert.True(checkpoints >= 1, $"{checkpoints} checkpoints");
            Assert.Equal(checkpoints, Sum(scraped, "fraud_checkpoint_duration_milliseconds_count"));
            Assert.True(Sum(scraped, "fraud_checkpoint_states_written_total") >= 40, $"{Sum(scraped, "fraud_checkpoint_states_written_total")} states written");
            Assert.Contains(scraped.Keys, key => key.StartsWith("fraud_storage_retries_total{", StringComparison.Ordinal) && key.Contains("operation=\"signal_batch\"", StringComparison.Ordinal));
            Assert.Contains(scraped.Keys, key => key.StartsWith("fraud_storage_backoff", StringComparison.Ordinal) && key.Contains("operation=\"grain_storage\"", StringComparison.Ordinal));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_silo_in_a_process_exports_only_its_own_measurements()
    {
        const int sent = 40;
        var (namesA, namesB) = (fixture.NewNames(partitions: 2), fixture.NewNames(partitions: 2));
        await using var a = await TestSilo.StartAsync(fixture, namesA);
        await using var b = await TestSilo.StartAsync(fixture, namesB);
        using (var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, namesA.Topic))
        {
            for (var i = 0; i < sent; i++)
            {
                producer.Produce(new Transaction(5_000 + i, $"card-{i % 7}", 7, 10_00, Monday + i * 60_000L));
            }

            producer.Flush(Deadline);
        }

        using var httpA = a.ApiClient();
        using var httpB = b.ApiClient();
        Dictionary<string, double> scraped = [];
        await Eventually.WaitUntilAsync(
            async () => Sum(scraped = Parse(await httpA.GetStringAsync("/metrics")), "fraud_signals_durable_total") == sent,
            Deadline,
            () => $"silo A: durable {Sum(scraped, "fraud_signals_durable_total")} of {sent}");
        Assert.Equal(sent, Sum(scraped, "fraud_transactions_consumed_total"));
        Assert.Equal(sent, Sum(scraped, "fraud_transactions_decided_total"));

        // Silo B, in the same process on the same meter name, took nothing: its scrape counts nothing.
        var other = Parse(await httpB.GetStringAsync("/metrics"));
        Assert.Equal(0, Sum(other, "fraud_transactions_consumed_total"));
        Assert.Equal(0, Sum(other, "fraud_transactions_decided_total"));
        Assert.Equal(0, Sum(other, "fraud_signal_durable_latency_milliseconds_count"));
    }

    private static List<double> Labelled(Dictionary<string, double> scraped, string name, string label) =>
        scraped.Where(s => s.Key.StartsWith(name + "{", StringComparison.Ordinal) && s.Key.Contains(label, StringComparison.Ordinal)).Select(s => s.Value).ToList();
}
