namespace Fraud.Orleans.Model.Onnx;

/// <summary>An <c>OrtMemoryInfo</c> describing where a tensor's buffer lives.</summary>
internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    private const int OrtDeviceAllocator = 0; // OrtAllocatorType
    private const int OrtMemTypeDefault = 0;  // OrtMemType

    /// <summary>Plain CPU memory: what our input tensors wrap (pinned managed memory or stack).</summary>
    public static OrtMemoryInfoHandle CreateCpu(OrtApi api)
    {
        var owner = new OrtMemoryInfoHandle();
        IntPtr info;
        api.Check(api.CreateCpuMemoryInfo(OrtDeviceAllocator, OrtMemTypeDefault, &info));
        owner.Adopt(info);
        return owner;
    }

    protected override void Release(IntPtr native) => OrtApi.Instance.ReleaseMemoryInfo(native);
}
