namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// Positions, in the <c>OrtApi</c> function table, of the ONNX Runtime C API functions we call.
/// </summary>
/// <remarks>
/// Counted from <c>struct OrtApi</c> in <c>include/onnxruntime/core/session/onnxruntime_c_api.h</c>
/// (microsoft/onnxruntime) and cross-checked against the <c>ort_api_1_to_N</c> initializer in
/// <c>onnxruntime/core/session/onnxruntime_c_api.cc</c>, whose own
/// <c>static_assert(offsetof(OrtApi, ReleaseCustomOpDomain) / sizeof(void*) == 101)</c> anchors the end of
/// version 1. Every slot below belongs to version 1 of the API; the table is append-only, so these positions
/// hold for every later version (we request <see cref="OrtApi.RequestedVersion"/>).
/// </remarks>
internal enum OrtApiSlot
{
    CreateStatus = 0,
    GetErrorCode = 1,
    GetErrorMessage = 2,
    CreateEnv = 3,
    CreateSession = 7,
    Run = 9,
    CreateSessionOptions = 10,
    SetSessionGraphOptimizationLevel = 23,
    SetIntraOpNumThreads = 24,
    SetInterOpNumThreads = 25,
    SessionGetInputCount = 30,
    SessionGetOutputCount = 31,
    SessionGetInputTypeInfo = 33,
    SessionGetOutputTypeInfo = 34,
    SessionGetInputName = 36,
    SessionGetOutputName = 37,
    CreateTensorWithDataAsOrtValue = 49,
    GetTensorMutableData = 51,
    CastTypeInfoToTensorInfo = 55,
    GetOnnxTypeFromTypeInfo = 56,
    GetTensorElementType = 60,
    GetDimensionsCount = 61,
    GetDimensions = 62,
    GetTensorTypeAndShape = 65,
    CreateCpuMemoryInfo = 69,
    AllocatorFree = 76,
    GetAllocatorWithDefaultOptions = 78,
    ReleaseEnv = 92,
    ReleaseStatus = 93,
    ReleaseMemoryInfo = 94,
    ReleaseSession = 95,
    ReleaseValue = 96,
    ReleaseTypeInfo = 98,
    ReleaseTensorTypeAndShapeInfo = 99,
    ReleaseSessionOptions = 100,
}
