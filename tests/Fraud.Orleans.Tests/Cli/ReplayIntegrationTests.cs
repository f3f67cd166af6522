using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Replay;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Labels;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>
/// <c>fraud replay</c> end to end on a small simulated file: its own embedded Kafka, DynamoDB Local and silo. In the
/// integration collection so that it does not compete for the CPU with the other integration tests.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ReplayIntegrationTests
{
    [Fact]
    public async Task Every_transaction_gets_exactly_one_row_and_the_due_labels_and_watermarks_are_on_the_labels_topic()
    {
        using var folder = new TempFolder("replay-");
        var file = folder.File("small.csv.gz");
        HandbookCsv.Write(file, TransactionSimulator.Generate(new SimulatorOptions { Customers = 150, Terminals = 100, Days = 5, Seed = 11 }));
        var options = new ReplayOptions
        {
            File = file,
            Out = folder.File("scores.csv"),
            LabelDelay = TimeSpan.FromDays(1),
            MaxLag = 500, // far below the file: the pacing is exercised
            CheckpointInterval = TimeSpan.FromMilliseconds(500),
            DrainTimeout = TimeSpan.FromMinutes(2),
            ProgressInterval = TimeSpan.FromHours(1),
        };
        var input = ReplayInput.Load(file);
        var expectedLabels = ReplaySchedule.Of(input.Rows, options.LabelDelay).Where(s => s.Kind == ReplayStepKind.Label)
            .Select(s => input.Rows[s.Row].Transaction.TransactionId).Order().ToList();
        Assert.NotEmpty(expectedLabels); // the file must exercise the labels

        var topics = new KafkaIngestOptions();
        await using var pipeline = await LocalPipeline.StartAsync(topics, options.SiloSettings(), TimeProvider.System, CancellationToken.None);
        await pipeline.WaitForPartitionsAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

        var summary = await ReplayCommand.ReplayAsync(pipeline, options, input, TextWriter.Null, CancellationToken.None);

        Assert.True(summary.Succeeded, $"missing {summary.Missing.Count}, drained {summary.Result.DrainedInTime}");
        Assert.Equal(0, summary.Result.LabelWaitsTimedOut);
        var rows = ScoresCsvReader.Read(options.Out); // refuses a TRANSACTION_ID given twice
        Assert.Equal(input.Rows.Select(r => r.Transaction.TransactionId).Order(), rows.Keys.Order());
        Assert.Equal(File.ReadLines(options.Out).Skip(1).Select(l => long.Parse(l[..l.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture)), rows.Keys.Order());

        var records = LabelProducerTests.ReadAll(
            pipeline.Infrastructure.Kafka.BootstrapServers, topics.LabelTopic, topics.Partitions, expected: (int)(summary.Result.LabelsPublished + (summary.Result.Watermarks * topics.Partitions)));
        Assert.Equal(expectedLabels, records.Where(r => !r.Record.IsWatermark).Select(r => r.Record.Label.TransactionId).Order());
        var finalWatermark = input.Rows[^1].Transaction.EventTimeMs - (long)options.LabelDelay.TotalMilliseconds;
        for (var partition = 0; partition < topics.Partitions; partition++)
        {
            var last = records.Where(r => r.Partition == partition).MaxBy(r => r.Offset);
            Assert.Equal(finalWatermark, last.Record.CompleteThroughMs);
        }
    }

    [Fact]
    public async Task A_replay_with_a_challenger_writes_its_score_for_every_transaction_beside_the_champions()
    {
        using var folder = new TempFolder("replay-challenger-");
        var file = folder.File("small.csv.gz");
        HandbookCsv.Write(file, TransactionSimulator.Generate(new SimulatorOptions { Customers = 60, Terminals = 50, Days = 3, Seed = 5 }));
        var options = new ReplayOptions
        {
            File = file,
            Out = folder.File("scores.csv"),
            LabelDelay = TimeSpan.FromDays(1),
            CheckpointInterval = TimeSpan.FromMilliseconds(500),
            DrainTimeout = TimeSpan.FromMinutes(2),
            ProgressInterval = TimeSpan.FromHours(1),
            Challenger = ChallengerModelFiles.Write(folder.Path, out _),
        };
        var input = ReplayInput.Load(file);

        await using var pipeline = await LocalPipeline.StartAsync(new KafkaIngestOptions(), options.SiloSettings(), TimeProvider.System, CancellationToken.None);
        await pipeline.WaitForPartitionsAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        var summary = await ReplayCommand.ReplayAsync(pipeline, options, input, TextWriter.Null, CancellationToken.None);

        Assert.True(summary.Succeeded, $"missing {summary.Missing.Count}, drained {summary.Result.DrainedInTime}");
        Assert.StartsWith(ScoresCsv.HeaderWithChallenger + "\n", File.ReadAllText(options.Out), StringComparison.Ordinal);
        var rows = ScoresCsvReader.Read(options.Out);
        Assert.Equal(input.Rows.Length, rows.Count);

        // The challenger is the champion's ONNX file under another version: the same score, from its own scoring.
        Assert.All(rows.Values, row => Assert.Equal(row.Score, row.ChallengerScore!.Value, 6));
    }
}
