namespace Fraud.Orleans.Embedded;

/// <summary>
/// The last <c>capacity</c> lines a child process printed, oldest first. Bounded because a server that runs
/// for hours must not grow our memory with its output; thread-safe because stdout and stderr arrive on
/// different threads while readers ask for the tail.
/// </summary>
internal sealed class BoundedLineLog(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>Every line kept, joined with '\n'.</summary>
    public string Join()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines kept, joined with '\n'.</summary>
    public string Tail(int lines)
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lines)));
        }
    }
}
