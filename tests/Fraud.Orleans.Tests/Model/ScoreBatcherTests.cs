using Fraud.Orleans.Model;
using Fraud.Orleans.Model.Explanations;

namespace Fraud.Orleans.Tests.Model;

/// <summary>Rows asked for together share model runs, and every row still gets exactly its own score.</summary>
public sealed class ScoreBatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Without_sharing_a_row_is_scored_at_once()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model);
        float[] row = [120f, 2f, 0.7f];

        var score = batcher.ScoreAsync(row);

        Assert.True(score.IsCompletedSuccessfully);
        Assert.Equal(model.Score(row), await score);
    }

    [Fact]
    public async Task Rows_asked_for_during_a_run_share_the_next_run_and_each_gets_its_own_score()
    {
        using var tiny = ModelTestFiles.LoadTiny();
        using var model = new GatedModel(tiny);
        var batcher = new ScoreBatcher(model, maxRows: 4, acrossThreads: true);
        var rows = ConcurrentScoringTests.RandomRows(3, 10, seed: 3);
        var expected = rows.Select(r => tiny.Score(r)).ToArray();
        Assert.True(expected.Distinct().Count() > 1, "rows should not all score the same");

        var first = batcher.ScoreAsync(rows[0]).AsTask();
        Assert.True(model.FirstRunEntered.Wait(Deadline), "the first row's run never started");
        var rest = rows[1..].Select(r => batcher.ScoreAsync(r).AsTask()).ToArray(); // more than maxRows: the burst grows
        model.Release.Set();

        var scores = await Task.WhenAll([first, .. rest]).WaitAsync(Deadline);

        Assert.Equal(expected, scores);
        Assert.Equal([1, rows.Length - 1], model.RunSizes);
    }

    [Fact]
    public async Task Rows_asked_for_from_many_threads_each_get_their_own_score()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model, acrossThreads: true);
        var rows = ConcurrentScoringTests.RandomRows(3, 2_000, seed: 7);

        var scores = await Task.WhenAll(rows.Select(r => Task.Run(async () => await batcher.ScoreAsync(r)))).WaitAsync(Deadline);

        Assert.Equal(rows.Select(r => model.Score(r)), scores);
    }

    [Fact]
    public async Task A_failing_run_fails_every_score_it_carried_and_the_next_run_works()
    {
        using var tiny = ModelTestFiles.LoadTiny();
        var model = new FailingOnce(tiny);
        var batcher = new ScoreBatcher(model, acrossThreads: true);
        float[] row = [120f, 2f, 0.7f];

        var failed = batcher.ScoreAsync(row).AsTask();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(Deadline));

        Assert.Equal(tiny.Score(row), await batcher.ScoreAsync(row).AsTask().WaitAsync(Deadline));
    }

    /// <summary>The real model, whose first run waits for the test's release and which records each run's size.</summary>
    private sealed class GatedModel(IFraudModel inner) : IFraudModel, IDisposable
    {
        private int _runs;

        public ManualResetEventSlim FirstRunEntered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public List<int> RunSizes { get; } = [];

        public ModelMetadata Metadata => inner.Metadata;

        public ModelExplainer? Explainer => inner.Explainer;

        public float Score(ReadOnlySpan<float> features) => inner.Score(features);

        public void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
        {
            lock (RunSizes)
            {
                RunSizes.Add(rowCount);
            }

            if (Interlocked.Increment(ref _runs) == 1)
            {
                FirstRunEntered.Set();
                Release.Wait(Deadline);
            }

            inner.Score(rows, rowCount, probabilities);
        }

        public void Dispose()
        {
            FirstRunEntered.Dispose();
            Release.Dispose();
        }
    }

    /// <summary>The real model, except that its first batch run throws, as a native failure would.</summary>
    private sealed class FailingOnce(IFraudModel inner) : IFraudModel
    {
        private int _failed;

        public ModelMetadata Metadata => inner.Metadata;

        public ModelExplainer? Explainer => inner.Explainer;

        public float Score(ReadOnlySpan<float> features) => inner.Score(features);

        public void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
        {
            if (Interlocked.Exchange(ref _failed, 1) == 0)
            {
                throw new InvalidOperationException("native run failed");
            }

            inner.Score(rows, rowCount, probabilities);
        }
    }
}
