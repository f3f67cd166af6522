namespace Fraud.Orleans.Model;

/// <summary>Rows waiting for one model run, and the scores promised for them.</summary>
internal sealed class ScoreBurst(int width, int capacity)
{
    private float[] _rows = new float[width * capacity];
    private float[] _probabilities = new float[capacity];
    private PendingScore?[] _pending = new PendingScore?[capacity];

    public int Count { get; private set; }

    public ValueTask<float> Add(ReadOnlySpan<float> row)
    {
        if (Count == _probabilities.Length)
        {
            Grow(); // more rows gathered while the previous run ran than it has room for
        }

        row.CopyTo(_rows.AsSpan(Count * width, width));
        var pending = _pending[Count];
        if (pending is not { Reusable: true })
        {
            // A first use, or an awaiter that has not read its score yet (it must not see this row's).
            pending = _pending[Count] = new PendingScore();
        }

        Count++;
        return pending.Arm();
    }

    /// <summary>Scores every row in one run and completes their awaiters, whose turns go on in this call.</summary>
    public void Run(IFraudModel model)
    {
        var count = Count;
        Exception? failure = null;
        try
        {
            model.Score(_rows.AsSpan(0, count * width), count, _probabilities);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Count = 0;
        for (var i = 0; i < count; i++)
        {
            if (failure is null)
            {
                _pending[i]!.Complete(_probabilities[i]);
            }
            else
            {
                _pending[i]!.Fail(failure);
            }
        }
    }

    private void Grow()
    {
        var capacity = _probabilities.Length * 2;
        Array.Resize(ref _rows, width * capacity);
        Array.Resize(ref _probabilities, capacity);
        Array.Resize(ref _pending, capacity);
    }
}
