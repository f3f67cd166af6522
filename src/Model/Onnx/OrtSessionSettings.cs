namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// How a session runs. The defaults suit our service: it scores inline in the grain turn, so ONNX Runtime gets
/// no thread pool of its own (1 intra-op, 1 inter-op thread: extra threads would fight the silo for 2 cores),
/// and all graph optimisations are on.
/// </summary>
internal sealed record OrtSessionSettings(
    int IntraOpThreads = 1,
    int InterOpThreads = 1,
    OrtGraphOptimizationLevel GraphOptimization = OrtGraphOptimizationLevel.All)
{
    public static OrtSessionSettings Inline { get; } = new();
}
