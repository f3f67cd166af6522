namespace Fraud.Orleans.Tests.Model;

/// <summary>One model scored from several threads at once gives exactly what one thread gives.</summary>
public sealed class ConcurrentScoringTests
{
    [Fact]
    public void Parallel_single_and_batch_scores_equal_sequential_scores()
    {
        using var model = ModelTestFiles.TrainedModelExists
            ? Fraud.Orleans.Model.OnnxFraudModel.Load(ModelTestFiles.TrainedModel, ModelTestFiles.TrainedMetadata)
            : ModelTestFiles.LoadTiny();
        var rows = RandomRows(model.Metadata.Features.Count, count: 256, seed: 42);
        var sequential = rows.Select(r => model.Score(r)).ToArray();
        Assert.True(sequential.Distinct().Count() > 1, "rows should not all score the same");

        const int threads = 6;
        const int rounds = 40;
        var mismatches = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var batch = new float[rows.Length];
            var flat = rows.SelectMany(r => r).ToArray();
            start.SignalAndWait();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate orders and paths so threads overlap on different rows.
                for (var k = 0; k < rows.Length; k++)
                {
                    var i = (k * (t + 1) + round) % rows.Length;
                    if (model.Score(rows[i]) != sequential[i])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }

                model.Score(flat, rows.Length, batch);
                for (var i = 0; i < rows.Length; i++)
                {
                    if (batch[i] != sequential[i])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(0, mismatches);
    }

    internal static float[][] RandomRows(int featureCount, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, featureCount).Select(f => (float)(random.NextDouble() * (f == 0 ? 300 : 12) - 1)).ToArray())
            .ToArray();
    }
}
