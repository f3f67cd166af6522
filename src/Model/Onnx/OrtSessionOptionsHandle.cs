namespace Fraud.Orleans.Model.Onnx;

/// <summary>An <c>OrtSessionOptions</c>; ONNX Runtime copies it into each session, so it can go right after creation.</summary>
internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    public static OrtSessionOptionsHandle Create(OrtApi api, OrtSessionSettings settings)
    {
        var owner = new OrtSessionOptionsHandle();
        IntPtr options;
        api.Check(api.CreateSessionOptions(&options));
        owner.Adopt(options);
        try
        {
            api.Check(api.SetIntraOpNumThreads(options, settings.IntraOpThreads));
            api.Check(api.SetInterOpNumThreads(options, settings.InterOpThreads));
            api.Check(api.SetSessionGraphOptimizationLevel(options, (int)settings.GraphOptimization));
            return owner;
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    protected override void Release(IntPtr native) => OrtApi.Instance.ReleaseSessionOptions(native);
}
