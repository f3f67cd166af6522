namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// What a session input or output, or a computed value, is: its kind, element type and shape
/// (a negative dimension is dynamic, e.g. the batch size).
/// </summary>
internal sealed record OrtValueInfo(string Name, OnnxValueKind Kind, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    public bool IsTensor => Kind == OnnxValueKind.Tensor;

    public int Rank => Shape.Count;

    /// <summary>Reads an <c>OrtTypeInfo</c> (session input/output); the caller keeps ownership.</summary>
    public static unsafe OrtValueInfo FromTypeInfo(OrtApi api, string name, OrtTypeInfoHandle typeInfo)
    {
        var info = typeInfo.DangerousGetHandle();
        int kind;
        api.Check(api.GetOnnxTypeFromTypeInfo(info, &kind));
        if ((OnnxValueKind)kind != OnnxValueKind.Tensor)
        {
            return new OrtValueInfo(name, (OnnxValueKind)kind, OnnxElementType.Undefined, []);
        }

        IntPtr tensorInfo; // borrowed: valid while typeInfo lives, never released on its own
        api.Check(api.CastTypeInfoToTensorInfo(info, &tensorInfo));
        return tensorInfo == IntPtr.Zero
            ? new OrtValueInfo(name, OnnxValueKind.Unknown, OnnxElementType.Undefined, [])
            : FromTensorInfo(api, name, tensorInfo);
    }

    /// <summary>Reads the element type and concrete shape of a tensor value (an <c>OrtValue</c>).</summary>
    public static OrtValueInfo FromTensorValue(OrtApi api, string name, IntPtr value)
    {
        using var shape = OrtTensorShapeHandle.ForValue(api, value);
        return FromTensorInfo(api, name, shape.DangerousGetHandle());
    }

    public override string ToString() =>
        Kind != OnnxValueKind.Tensor
            ? $"'{Name}': {Kind}"
            : $"'{Name}': {ElementType.ToString().ToLowerInvariant()}[{string.Join(",", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";

    private static unsafe OrtValueInfo FromTensorInfo(OrtApi api, string name, IntPtr tensorInfo)
    {
        int elementType;
        nuint rank;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType));
        api.Check(api.GetDimensionsCount(tensorInfo, &rank));
        var dims = new long[(int)rank];
        if (rank > 0)
        {
            fixed (long* d = dims)
            {
                api.Check(api.GetDimensions(tensorInfo, d, rank));
            }
        }

        return new OrtValueInfo(name, OnnxValueKind.Tensor, (OnnxElementType)elementType, dims);
    }
}
