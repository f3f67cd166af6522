using System.Diagnostics;
using System.Globalization;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Simulator;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>
/// No training/serving skew: the card grains' online features equal model/features.py's batch features
/// (the ones the model is trained on). Card features depend only on the card's own history, so every
/// transaction of every 20th card over the file's four months (about 60,000) exercises all windows.
/// </summary>
public sealed class BatchFeatureParityTests
{
    private const int MinimumRows = 50_000;
    private const double RelativeTolerance = 1e-6;

    [Fact]
    public async Task Online_card_features_equal_the_batch_definition_on_all_transactions_of_every_20th_card()
    {
        using var dir = new TempFolder("fraud-parity-");
        var transactions = HandbookCsv.Read(HandbookData.Path)
            .Where(t => long.Parse(t.Transaction.CardId, CultureInfo.InvariantCulture) % 20 == 0).ToList();
        var input = Path.Combine(dir.Path, "transactions.csv");
        var batchOutput = Path.Combine(dir.Path, "features.csv");
        HandbookCsv.Write(input, transactions);
        RunPython(Path.Combine(RepositoryPaths.Root, "model", "features.py"), input, "--out", batchOutput);
        var batch = ReadBatchFeatures(batchOutput);

        var options = new CardGrainOptions();
        var policy = new DecisionPolicy(SharedModel.Instance.Metadata.Thresholds, options);
        var grains = new Dictionary<string, CardGrain>();
        var mismatches = new List<string>();
        foreach (var t in transactions)
        {
            var tx = t.Transaction;
            if (!grains.TryGetValue(tx.CardId, out var grain))
            {
                grains[tx.CardId] = grain = TestCardGrains.Create(tx.CardId, new InMemoryPersistentState<CardState>(new CardState()));
            }

            var online = (await grain.ScoreAsync(tx)).Features;
            var expected = batch[tx.TransactionId];
            for (var i = 0; i < FeatureSchema.Count && mismatches.Count < 20; i++)
            {
                if (!Close(online[i], expected[i]))
                {
                    mismatches.Add($"tx {tx.TransactionId} {FeatureSchema.Names[i]}: online {online[i]}, batch {expected[i]}");
                }
            }
        }

        Assert.InRange(transactions.Count, MinimumRows, int.MaxValue);
        Assert.Equal(transactions.Count, batch.Count);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static bool Close(double online, double batch) =>
        online == batch || Math.Abs(online - batch) <= RelativeTolerance * Math.Max(Math.Abs(online), Math.Abs(batch));

    private static Dictionary<long, double[]> ReadBatchFeatures(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()!.Split(',');
        Assert.Equal(["TRANSACTION_ID", .. FeatureSchema.Names], header);
        var rows = new Dictionary<long, double[]>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            rows[long.Parse(fields[0], CultureInfo.InvariantCulture)] =
                fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        }

        return rows;
    }

    private static void RunPython(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var python = Process.Start(start)!;
        var stderr = python.StandardError.ReadToEndAsync();
        var stdout = python.StandardOutput.ReadToEndAsync();
        if (!python.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            python.Kill(entireProcessTree: true);
            throw new TimeoutException("model/features.py did not finish within 2 minutes.");
        }

        Assert.True(python.ExitCode == 0, $"features.py failed ({python.ExitCode}): {stdout.Result}{stderr.Result}");
    }
}
