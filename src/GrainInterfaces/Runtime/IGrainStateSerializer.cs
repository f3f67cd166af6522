namespace Fraud.Orleans.Runtime;

/// <summary>Turns a grain's state into the bytes its storage keeps, and back.</summary>
public interface IGrainStateSerializer<TState> where TState : class
{
    byte[] Serialize(TState state);

    TState Deserialize(ReadOnlySpan<byte> data);
}
