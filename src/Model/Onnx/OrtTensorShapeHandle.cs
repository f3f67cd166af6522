namespace Fraud.Orleans.Model.Onnx;

/// <summary>An owned <c>OrtTensorTypeAndShapeInfo</c>, as <c>GetTensorTypeAndShape</c> returns for a value.</summary>
internal sealed unsafe class OrtTensorShapeHandle : OrtHandle
{
    public static OrtTensorShapeHandle ForValue(OrtApi api, IntPtr value)
    {
        var owner = new OrtTensorShapeHandle();
        IntPtr info;
        api.Check(api.GetTensorTypeAndShape(value, &info));
        owner.Adopt(info);
        return owner;
    }

    protected override void Release(IntPtr native) => OrtApi.Instance.ReleaseTensorTypeAndShapeInfo(native);
}
