using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Model;

/// <summary>Bursts score many rows in one model run, and every row still gets exactly its own score.</summary>
public sealed class ScoreBatcherTests
{
    [Fact]
    public async Task Without_an_open_burst_a_row_is_scored_at_once()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model);
        float[] row = [120f, 2f, 0.7f];

        var score = batcher.ScoreAsync(row);

        Assert.True(score.IsCompletedSuccessfully);
        Assert.Equal(model.Score(row), await score);
    }

    [Fact]
    public void Rows_of_a_burst_wait_for_its_close_or_a_full_run_and_each_gets_its_own_score()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model, maxRows: 16);
        var rows = ConcurrentScoringTests.RandomRows(3, 40, seed: 3);
        var expected = rows.Select(r => model.Score(r)).ToArray();
        Assert.True(expected.Distinct().Count() > 1, "rows should not all score the same");

        batcher.Open();
        var scores = new ValueTask<float>[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            scores[i] = batcher.ScoreAsync(rows[i]);
        }

        // Two full runs of 16 went at once; the last 8 wait for the close.
        Assert.All(scores[..32], s => Assert.True(s.IsCompletedSuccessfully));
        Assert.All(scores[32..], s => Assert.False(s.IsCompleted));
        batcher.Close();

        Assert.Equal(expected, scores.Select(s => s.Result));
    }

    [Fact]
    public async Task A_turn_that_resumes_inside_a_run_and_asks_again_is_served_before_the_close_returns()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model);
        float[] first = [120f, 2f, 0.7f], second = [15f, 0f, 0.1f];
        var thread = Environment.CurrentManagedThreadId;

        batcher.Open();
        var turn = TwoScores(batcher, first, second);
        Assert.False(turn.IsCompleted);
        batcher.Close();

        Assert.True(turn.IsCompletedSuccessfully);
        var (a, b, resumedOn) = await turn;
        Assert.Equal(model.Score(first), a);
        Assert.Equal(model.Score(second), b);
        Assert.Equal(thread, resumedOn); // the turn went on inside the run, not on a pool thread
    }

    [Fact]
    public void Another_thread_is_scored_at_once_while_a_burst_is_open_here()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model);
        float[] row = [120f, 2f, 0.7f];

        var completedAtOnce = false;
        var elsewhere = float.NaN;

        batcher.Open();
        var thread = new Thread(() =>
        {
            var score = batcher.ScoreAsync(row);
            completedAtOnce = score.IsCompletedSuccessfully;
            elsewhere = completedAtOnce ? score.GetAwaiter().GetResult() : float.NaN;
        });
        thread.Start();
        thread.Join();
        batcher.Close();

        Assert.True(completedAtOnce);
        Assert.Equal(model.Score(row), elsewhere);
    }

    [Fact]
    public async Task A_failing_run_fails_every_score_it_carried_and_the_next_burst_works()
    {
        using var tiny = ModelTestFiles.LoadTiny();
        var model = new FailingOnce(tiny);
        var batcher = new ScoreBatcher(model);
        float[] row = [120f, 2f, 0.7f];

        batcher.Open();
        var failed = new[] { batcher.ScoreAsync(row), batcher.ScoreAsync(row) };
        batcher.Close();
        batcher.Open();
        var next = batcher.ScoreAsync(row);
        batcher.Close();

        Assert.All(failed, s => Assert.True(s.IsFaulted));
        Assert.Equal(tiny.Score(row), await next);
    }

    [Fact]
    public void Steady_bursts_allocate_nothing()
    {
        using var model = ModelTestFiles.LoadTiny();
        var batcher = new ScoreBatcher(model);
        var rows = ConcurrentScoringTests.RandomRows(3, 24, seed: 5);
        var scores = new ValueTask<float>[rows.Length];
        var sink = Bursts(batcher, rows, scores, 200);

        var before = GC.GetAllocatedBytesForCurrentThread();
        sink += Bursts(batcher, rows, scores, 500);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }

    private static float Bursts(ScoreBatcher batcher, float[][] rows, ValueTask<float>[] scores, int times)
    {
        var sum = 0f;
        for (var t = 0; t < times; t++)
        {
            batcher.Open();
            for (var i = 0; i < rows.Length; i++)
            {
                scores[i] = batcher.ScoreAsync(rows[i]);
            }

            batcher.Close();
            foreach (var score in scores)
            {
                sum += score.GetAwaiter().GetResult(); // completed by the close
            }
        }

        return sum;
    }

    private static async ValueTask<(float, float, int)> TwoScores(ScoreBatcher batcher, float[] first, float[] second)
    {
        // No context to go back to, as on the ingest thread: the continuation runs where the score is delivered.
        var a = await batcher.ScoreAsync(first).ConfigureAwait(false);
        var resumedOn = Environment.CurrentManagedThreadId;
        var b = await batcher.ScoreAsync(second).ConfigureAwait(false);
        return (a, b, resumedOn);
    }

    /// <summary>The real model, except that its first batch run throws, as a native failure would.</summary>
    private sealed class FailingOnce(IFraudModel inner) : IFraudModel
    {
        private bool _failed;

        public ModelMetadata Metadata => inner.Metadata;

        public Fraud.Orleans.Model.Explanations.ModelExplainer? Explainer => inner.Explainer;

        public float Score(ReadOnlySpan<float> features) => inner.Score(features);

        public void Score(ReadOnlySpan<float> rows, int rowCount, Span<float> probabilities)
        {
            if (!_failed)
            {
                _failed = true;
                throw new InvalidOperationException("native run failed");
            }

            inner.Score(rows, rowCount, probabilities);
        }
    }
}
