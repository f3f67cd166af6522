using BenchmarkDotNet.Attributes;
using Fraud.Orleans.Cli.Hosting;
using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Benchmarks;

/// <summary>
/// The CSV work of <c>fraud replay</c> and <c>fraud evaluate</c> on the handbook's 1.17M-row file: reading the
/// gzip file into transactions, writing scores.csv for every row and reading it back, plus writing handbook CSV
/// (to a null stream, so that only the formatting counts). Set $FRAUD_HANDBOOK_DATA or keep the file in a
/// shared/data folder above the working directory.
/// </summary>
[MemoryDiagnoser]
public class CsvBenchmarks
{
    private SimulatedTransaction[] _rows = [];
    private Dictionary<long, StoredScore> _scores = [];
    private string _path = "";
    private string _scoresPath = "";
    private string _writtenPath = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = LocateHandbook();
        _rows = HandbookCsv.Read(_path).ToArray();
        var random = new Random(7);
        string[] decisions = ["APPROVE", "REVIEW", "BLOCK"];
        _scores = _rows.ToDictionary(r => r.Transaction.TransactionId, r => new StoredScore(r.Transaction.TransactionId, random.NextDouble(), decisions[random.Next(3)]));
        _scoresPath = Path.Combine(Path.GetTempPath(), $"bench-scores-{Environment.ProcessId}.csv");
        _writtenPath = _scoresPath + ".written";
        ScoresCsvWriter.Write(_scoresPath, _rows, _scores);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_scoresPath);
        File.Delete(_writtenPath);
    }

    [Benchmark]
    public long ReadHandbook()
    {
        long sum = 0;
        using var reader = HandbookCsvReader.Open(_path);
        while (reader.TryRead(out var row))
        {
            sum += row.Transaction.AmountMinor;
        }

        return sum;
    }

    [Benchmark]
    public long WriteHandbook()
    {
        using var writer = new HandbookCsvWriter(Stream.Null);
        foreach (var row in _rows)
        {
            writer.Write(row);
        }

        return writer.RowsWritten;
    }

    [Benchmark]
    public int WriteScores() => ScoresCsvWriter.Write(_writtenPath, _rows, _scores).Count;

    [Benchmark]
    public int ReadScores() => ScoresCsvReader.Read(_scoresPath).Count;

    private static string LocateHandbook()
    {
        var configured = Environment.GetEnvironmentVariable("FRAUD_HANDBOOK_DATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "handbook-train.csv.gz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("handbook-train.csv.gz: set $FRAUD_HANDBOOK_DATA or run from below a folder holding shared/data.");
    }
}
