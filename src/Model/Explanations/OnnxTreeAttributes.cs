namespace Fraud.Orleans.Model.Explanations;

/// <summary>
/// What an ONNX file says about its tree ensemble: the <c>ai.onnx.ml</c> <c>TreeEnsembleClassifier</c> node's attributes
/// and the model's metadata_props, read straight from the protobuf (field numbers of onnx.proto).
/// </summary>
internal sealed class OnnxTreeAttributes
{
    private const string Classifier = "TreeEnsembleClassifier";

    public Dictionary<string, List<long>> Ints { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<float>> Floats { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> Strings { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <exception cref="InvalidDataException">Not an ONNX model with exactly one TreeEnsembleClassifier node.</exception>
    public static OnnxTreeAttributes Read(ReadOnlySpan<byte> model)
    {
        var found = new OnnxTreeAttributes();
        var classifiers = 0;
        var reader = new ProtoReader(model);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 7: // ModelProto.graph
                    classifiers += found.ReadGraph(reader.ExpectLength(wire));
                    break;
                case 14: // ModelProto.metadata_props
                    found.ReadMetadataEntry(reader.ExpectLength(wire));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return classifiers == 1 ? found : throw new InvalidDataException($"expected one {Classifier} node, found {classifiers}");
    }

    public List<long> IntsOf(string name) => Ints.TryGetValue(name, out var values) ? values : throw Missing(name);

    public List<float> FloatsOf(string name) => Floats.TryGetValue(name, out var values) ? values : throw Missing(name);

    public List<string> StringsOf(string name) => Strings.TryGetValue(name, out var values) ? values : throw Missing(name);

    private static InvalidDataException Missing(string name) => new($"the {Classifier} node has no attribute {name}");

    private int ReadGraph(ReadOnlySpan<byte> graph)
    {
        var classifiers = 0;
        var reader = new ProtoReader(graph);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1) // GraphProto.node
            {
                classifiers += ReadNode(reader.ExpectLength(wire)) ? 1 : 0;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return classifiers;
    }

    /// <summary>Reads the node's attributes when it is the tree ensemble; true if it was.</summary>
    private bool ReadNode(ReadOnlySpan<byte> node)
    {
        // The op type may follow the attributes in the message: find it first.
        var reader = new ProtoReader(node);
        var opType = "";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 4) // NodeProto.op_type
            {
                opType = System.Text.Encoding.UTF8.GetString(reader.ExpectLength(wire));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (opType != Classifier)
        {
            return false;
        }

        reader = new ProtoReader(node);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 5) // NodeProto.attribute
            {
                ReadAttribute(reader.ExpectLength(wire));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return true;
    }

    private void ReadAttribute(ReadOnlySpan<byte> attribute)
    {
        var name = "";
        List<long> ints = [];
        List<float> floats = [];
        List<string> strings = [];
        var reader = new ProtoReader(attribute);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: // AttributeProto.name
                    name = System.Text.Encoding.UTF8.GetString(reader.ExpectLength(wire));
                    break;
                case 2: // f
                case 7: // floats
                    reader.ReadFloats(wire, floats);
                    break;
                case 3: // i
                case 8: // ints
                    reader.ReadInt64s(wire, ints);
                    break;
                case 4: // s
                case 9: // strings
                    strings.Add(System.Text.Encoding.UTF8.GetString(reader.ExpectLength(wire)));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (ints.Count > 0)
        {
            Ints[name] = ints;
        }

        if (floats.Count > 0)
        {
            Floats[name] = floats;
        }

        if (strings.Count > 0)
        {
            Strings[name] = strings;
        }
    }

    private void ReadMetadataEntry(ReadOnlySpan<byte> entry)
    {
        string key = "", value = "";
        var reader = new ProtoReader(entry);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    key = System.Text.Encoding.UTF8.GetString(reader.ExpectLength(wire));
                    break;
                case 2:
                    value = System.Text.Encoding.UTF8.GetString(reader.ExpectLength(wire));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        Metadata[key] = value;
    }
}
