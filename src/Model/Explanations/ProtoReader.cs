using System.Buffers.Binary;
using System.Text;

namespace Fraud.Orleans.Model.Explanations;

/// <summary>
/// The protobuf wire format, enough to walk an ONNX file's messages: tags, varints, 32-bit floats and length-delimited
/// fields (sub-messages, strings, packed arrays). ONNX Runtime loads the model but does not expose a node's attributes,
/// and the few fields the explainer needs do not justify generated ONNX classes.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> message)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _message = message;
    private int _at;

    public readonly bool AtEnd => _at >= _message.Length;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field is 0 or > int.MaxValue)
        {
            throw Malformed($"field number {field}");
        }

        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_at >= _message.Length)
            {
                throw Malformed("a varint runs past the end");
            }

            var b = _message[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed("a varint is longer than 10 bytes");
    }

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        return length > (ulong)(_message.Length - _at) ? throw Malformed("a field runs past the end") : Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>A repeated float field's next value(s): one fixed32, or a packed run.</summary>
    public void ReadFloats(int wireType, List<float> into)
    {
        if (wireType == Fixed32)
        {
            into.Add(ReadFloat());
            return;
        }

        var packed = new ProtoReader(ExpectLength(wireType));
        while (!packed.AtEnd)
        {
            into.Add(packed.ReadFloat());
        }
    }

    /// <summary>A repeated int64 field's next value(s): one varint, or a packed run.</summary>
    public void ReadInt64s(int wireType, List<long> into)
    {
        if (wireType == Varint)
        {
            into.Add((long)ReadVarint());
            return;
        }

        var packed = new ProtoReader(ExpectLength(wireType));
        while (!packed.AtEnd)
        {
            into.Add((long)packed.ReadVarint());
        }
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                throw Malformed($"wire type {wireType}");
        }
    }

    public ReadOnlySpan<byte> ExpectLength(int wireType) =>
        wireType == LengthDelimited ? ReadBytes() : throw Malformed($"wire type {wireType} where a length-delimited field belongs");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _message.Length - _at)
        {
            throw Malformed("a field runs past the end");
        }

        var taken = _message.Slice(_at, count);
        _at += count;
        return taken;
    }

    private static InvalidDataException Malformed(string what) => new($"malformed protobuf: {what}");
}
