using Orleans.Storage;

namespace Fraud.Orleans.IntegrationTests.Support;

/// <summary>A plain System.Text.Json serializer plugged in through the options' serializer seam; counts its calls.</summary>
public sealed class JsonTestSerializer : IGrainStorageSerializer
{
    private int _serialized;

    public int Serialized => Volatile.Read(ref _serialized);

    public BinaryData Serialize<T>(T? input)
    {
        Interlocked.Increment(ref _serialized);
        return BinaryData.FromObjectAsJson(input);
    }

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
}
