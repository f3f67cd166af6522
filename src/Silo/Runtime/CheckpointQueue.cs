using System.Collections.Concurrent;

namespace Fraud.Orleans.Silo.Runtime;

/// <summary>Activations with changes since their last checkpoint, each queued once until snapshotted.</summary>
public sealed class CheckpointQueue
{
    private readonly ConcurrentQueue<ICheckpointable> _dirty = new();

    public void Enqueue(ICheckpointable activation) => _dirty.Enqueue(activation);

    public List<ICheckpointable> DrainAll()
    {
        var drained = new List<ICheckpointable>(_dirty.Count);
        while (_dirty.TryDequeue(out var activation))
        {
            drained.Add(activation);
        }

        return drained;
    }
}
