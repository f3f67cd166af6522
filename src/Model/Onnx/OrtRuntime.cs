namespace Fraud.Orleans.Model.Onnx;

/// <summary>Facts about the native ONNX Runtime this process uses, for logs and diagnostics.</summary>
public static class OrtRuntime
{
    /// <summary>The C API version we request from the library (<c>ORT_API_VERSION</c>).</summary>
    public const uint ApiVersion = OrtApi.RequestedVersion;

    /// <summary>The library's own version string (<c>OrtApiBase::GetVersionString</c>), e.g. "1.30.0". Loads the library.</summary>
    public static string Version => OrtApi.Instance.Version;

    /// <summary>The file the native library is loaded from.</summary>
    public static string LibraryPath => OrtApi.Instance.LibraryPath;

    /// <summary>Native ONNX Runtime objects our binding created and has not released yet (sessions, options, env...).</summary>
    public static long LiveNativeObjects => OrtHandle.LiveCount;
}
