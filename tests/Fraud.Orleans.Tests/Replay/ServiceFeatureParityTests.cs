using System.Globalization;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Replay;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Silo.Terminals;
using Microsoft.Extensions.DependencyInjection;
using Fraud.Orleans.Tests.Grains;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Replay;

/// <summary>
/// No training/serving skew, end to end: every transaction of every 20th card (60,373) replayed through
/// Kafka and a silo in event time, each fraud label published a week after its transaction on the labels topic,
/// and every feature of every signal in DynamoDB equal to model/features.py's batch value. Terminal risk is the
/// part only this path checks: it comes through the terminal feed, the late labels and their watermarks.
/// </summary>
public sealed class ServiceFeatureParityTests
{
    private const int MinimumRows = 50_000;

    [Fact]
    public async Task Features_stored_by_the_service_equal_the_batch_definition_with_labels_a_week_late()
    {
        using var dir = new TempFolder("fraud-service-parity-");
        var rows = BatchFeatureParityTests.EveryTwentiethCard();
        var batch = BatchFeatures.Compute(rows, dir.Path);
        var input = ReplayInput.Load(Path.Combine(dir.Path, BatchFeatures.InputFileName));
        var settings = new Dictionary<string, string?>
        {
            ["Terminals:LabelWait"] = "00:00:30", // exactness: each transaction waits for the labels it may read
            ["Silo:CheckpointInterval"] = "00:00:05",
        };

        await using var pipeline = await LocalPipeline.StartAsync(new KafkaIngestOptions(), settings, TimeProvider.System, CancellationToken.None);
        await pipeline.WaitForPartitionsAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        // Every 20th card makes a sparse stream (about 480 transactions a day): the default lag bound of 40,000
        // records would let the feed run 80 days ahead of the cards, beyond the terminals' 30 days of slack.
        var options = new ReplayOptions { File = "(in memory)", Out = "(none)", ProgressInterval = TimeSpan.FromSeconds(15), MaxLag = 5_000 };
        var result = new ReplayRun(pipeline, options, new StringWriter()).Run(input, CancellationToken.None);

        Assert.True(result.DrainedInTime && result.DeadLettered == 0, $"replay incomplete: {result}");
        Assert.Equal(0, result.LabelWaitsTimedOut);
        Assert.Equal(0, pipeline.Silo.Services.GetRequiredService<TerminalRiskReplica>().ReadsBeyondRetention);
        Assert.True(result.LabelsPublished > 0 && result.Watermarks > 0, $"no labels or watermarks published: {result}");
        // A client of its own: pages of a big table can take DynamoDB Local longer than the silo's request time-out.
        using var reader = DynamoDbClientFactory.Create(new DynamoDbOptions
        {
            ServiceUrl = pipeline.Silo.Configuration.DynamoDb.ServiceUrl,
            RequestTimeout = TimeSpan.FromMinutes(2),
        });
        var items = await new SignalTable(reader, pipeline.SignalTable).ScanAsync();
        var mismatches = new List<string>();
        foreach (var item in items)
        {
            var id = long.Parse(item[DynamoDbTables.TransactionIdAttribute].S, CultureInfo.InvariantCulture);
            batch.Compare(id, i => SignalTable.Feature(item, FeatureSchema.Names[i]), mismatches);
        }

        Assert.InRange(rows.Count, MinimumRows, int.MaxValue);
        Assert.Equal(rows.Count, items.Count);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }
}
