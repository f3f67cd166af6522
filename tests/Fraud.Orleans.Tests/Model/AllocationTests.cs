using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Model;

/// <summary>Scoring allocates nothing on the managed heap (after warm-up).</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Single_row_scoring_allocates_no_managed_memory()
    {
        using var model = ModelTestFiles.LoadTiny();
        float[] row = [120f, 2f, 0.7f];
        var sink = Score(model, row, 2_000); // warm-up: JIT, ORT arena

        var before = GC.GetAllocatedBytesForCurrentThread();
        sink += Score(model, row, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sink > 0);
    }

    [Fact]
    public void Batch_scoring_allocates_no_managed_memory()
    {
        using var model = ModelTestFiles.LoadTiny();
        var rows = ConcurrentScoringTests.RandomRows(3, 64, seed: 7).SelectMany(r => r).ToArray();
        var probabilities = new float[64];
        for (var i = 0; i < 200; i++)
        {
            model.Score(rows, 64, probabilities);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            model.Score(rows, 64, probabilities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Stack_allocated_rows_score_without_allocation()
    {
        using var model = ModelTestFiles.LoadTiny();
        Span<float> row = stackalloc float[3];
        var sink = 0f;
        for (var i = 0; i < 2_000; i++)
        {
            row[0] = i % 200;
            row[1] = i % 5;
            row[2] = (i % 10) / 10f;
            sink += model.Score(row);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            row[0] = i % 200;
            sink += model.Score(row);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }

    private static float Score(IFraudModel model, float[] row, int times)
    {
        var sum = 0f;
        for (var i = 0; i < times; i++)
        {
            sum += model.Score(row);
        }

        return sum;
    }
}
