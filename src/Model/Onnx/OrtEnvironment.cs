namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// The process-wide native objects every session shares: the <c>OrtEnv</c> (ONNX Runtime wants one per process)
/// and the CPU <c>OrtMemoryInfo</c> our input tensors use. Created on first use and kept for the life of the process.
/// </summary>
internal static class OrtEnvironment
{
    private const string LogId = "fraud-orleans";

    private static readonly Lazy<OrtEnvHandle> SharedEnv =
        new(() => OrtEnvHandle.Create(OrtApi.Instance, OrtLoggingLevel.Warning, LogId), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<OrtMemoryInfoHandle> SharedCpuMemory =
        new(() => OrtMemoryInfoHandle.CreateCpu(OrtApi.Instance), LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtEnvHandle Env => SharedEnv.Value;

    public static OrtMemoryInfoHandle CpuMemory => SharedCpuMemory.Value;
}
