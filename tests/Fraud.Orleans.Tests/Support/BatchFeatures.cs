using System.Globalization;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Tests.Support;

/// <summary>
/// The batch definition of every feature: model/features.py run on a handbook file, read back per transaction,
/// and compared with online values within the parity tolerance.
/// </summary>
public sealed class BatchFeatures
{
    public const double RelativeTolerance = 1e-6;

    /// <summary>The handbook CSV that <see cref="Compute"/> writes in its folder.</summary>
    public const string InputFileName = "transactions.csv";

    private readonly Dictionary<long, double[]> _rows;

    private BatchFeatures(Dictionary<long, double[]> rows) => _rows = rows;

    public int Count => _rows.Count;

    /// <summary>Writes <paramref name="transactions"/> as a handbook CSV in <paramref name="folder"/> and runs features.py on it.</summary>
    public static BatchFeatures Compute(IEnumerable<SimulatedTransaction> transactions, string folder)
    {
        var input = Path.Combine(folder, InputFileName);
        var output = Path.Combine(folder, "features.csv");
        HandbookCsv.Write(input, transactions);
        Python.Run(TimeSpan.FromMinutes(3), Path.Combine(RepositoryPaths.Root, "model", "features.py"), input, "--out", output);
        return Read(output);
    }

    /// <summary>Names each mismatch (up to <paramref name="limit"/>) between the online value of every feature and the batch one.</summary>
    public void Compare(long transactionId, Func<int, double> online, List<string> mismatches, int limit = 20)
    {
        if (!_rows.TryGetValue(transactionId, out var batch))
        {
            mismatches.Add($"tx {transactionId}: no batch row");
            return;
        }

        for (var i = 0; i < FeatureSchema.Count && mismatches.Count < limit; i++)
        {
            var value = online(i);
            if (!(value == batch[i] || Math.Abs(value - batch[i]) <= RelativeTolerance * Math.Max(Math.Abs(value), Math.Abs(batch[i]))))
            {
                mismatches.Add($"tx {transactionId} {FeatureSchema.Names[i]}: online {value}, batch {batch[i]}");
            }
        }
    }

    // Columns are matched by name, so features.py may order them as it likes; every online feature must be there.
    private static BatchFeatures Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()!.Split(',');
        Assert.Equal("TRANSACTION_ID", header[0]);
        var columns = FeatureSchema.Names.Select(n => Array.IndexOf(header, n)).ToArray();
        var missing = FeatureSchema.Names.Where((_, i) => columns[i] < 0).ToList();
        Assert.True(missing.Count == 0, $"features.py does not compute [{string.Join(", ", missing)}]");
        var rows = new Dictionary<long, double[]>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            rows[long.Parse(fields[0], CultureInfo.InvariantCulture)] =
                columns.Select(c => double.Parse(fields[c], CultureInfo.InvariantCulture)).ToArray();
        }

        return new BatchFeatures(rows);
    }
}
