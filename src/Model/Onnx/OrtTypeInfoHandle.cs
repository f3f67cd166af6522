namespace Fraud.Orleans.Model.Onnx;

/// <summary>An <c>OrtTypeInfo</c> describing one session input or output (load time only).</summary>
internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    public static OrtTypeInfoHandle ForInput(OrtApi api, OrtSessionHandle session, int index) => Create(api, session, index, input: true);

    public static OrtTypeInfoHandle ForOutput(OrtApi api, OrtSessionHandle session, int index) => Create(api, session, index, input: false);

    protected override void Release(IntPtr native) => OrtApi.Instance.ReleaseTypeInfo(native);

    private static OrtTypeInfoHandle Create(OrtApi api, OrtSessionHandle session, int index, bool input)
    {
        var owner = new OrtTypeInfoHandle();
        IntPtr info;
        var s = session.DangerousGetHandle();
        api.Check(input ? api.SessionGetInputTypeInfo(s, (nuint)index, &info) : api.SessionGetOutputTypeInfo(s, (nuint)index, &info));
        owner.Adopt(info);
        return owner;
    }
}
