using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// The ONNX Runtime C API function table (<c>const OrtApi*</c>) as typed unmanaged function pointers, read once by
/// index (<see cref="OrtApiSlot"/>). Handles are opaque <see cref="IntPtr"/>s; C enums are passed as <c>int</c>;
/// functions returning <c>OrtStatus*</c> return <see cref="IntPtr"/> (null on success, see <see cref="Check"/>).
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The <c>ORT_API_VERSION</c> we ask for: ORT 1.30's, the library we ship and test with.</summary>
    public const uint RequestedVersion = 30;

    private static readonly Lazy<OrtApi> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // Status
    public readonly delegate* unmanaged[Cdecl]<int, byte*, IntPtr> CreateStatus;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> GetErrorCode;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*> GetErrorMessage;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseStatus;

    // Env
    public readonly delegate* unmanaged[Cdecl]<int, byte*, IntPtr*, IntPtr> CreateEnv;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseEnv;

    // Session options
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> CreateSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetInterOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseSessionOptions;

    // Session: (env, model_path as ORTCHAR_T*, options, out session)
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr, IntPtr*, IntPtr> CreateSession;

    // (session, run_options, input_names, inputs, input_len, output_names, output_names_len, outputs)
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseSession;

    // Allocator (default CPU allocator: frees the names the session hands out)
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr> AllocatorFree;

    // Memory info: (OrtAllocatorType, OrtMemType, out info)
    public readonly delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseMemoryInfo;

    // Values: (info, data, data_bytes, shape, shape_len, element_type, out value)
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr> GetTensorMutableData;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseValue;

    // Type information
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseTensorTypeAndShapeInfo;

    private readonly IntPtr* table;

    private OrtApi(IntPtr* table, string version, string libraryPath)
    {
        this.table = table;
        Version = version;
        LibraryPath = libraryPath;

        CreateStatus = (delegate* unmanaged[Cdecl]<int, byte*, IntPtr>)Slot(table, OrtApiSlot.CreateStatus);
        GetErrorCode = (delegate* unmanaged[Cdecl]<IntPtr, int>)Slot(table, OrtApiSlot.GetErrorCode);
        GetErrorMessage = (delegate* unmanaged[Cdecl]<IntPtr, byte*>)Slot(table, OrtApiSlot.GetErrorMessage);
        ReleaseStatus = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseStatus);

        CreateEnv = (delegate* unmanaged[Cdecl]<int, byte*, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.CreateEnv);
        ReleaseEnv = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseEnv);

        CreateSessionOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)Slot(table, OrtApiSlot.CreateSessionOptions);
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)Slot(table, OrtApiSlot.SetSessionGraphOptimizationLevel);
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)Slot(table, OrtApiSlot.SetIntraOpNumThreads);
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)Slot(table, OrtApiSlot.SetInterOpNumThreads);
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseSessionOptions);

        CreateSession = (delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.CreateSession);
        Run = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.Run);
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)Slot(table, OrtApiSlot.SessionGetInputCount);
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)Slot(table, OrtApiSlot.SessionGetOutputCount);
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.SessionGetInputTypeInfo);
        SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.SessionGetOutputTypeInfo);
        SessionGetInputName = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr>)Slot(table, OrtApiSlot.SessionGetInputName);
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr>)Slot(table, OrtApiSlot.SessionGetOutputName);
        ReleaseSession = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseSession);

        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)Slot(table, OrtApiSlot.GetAllocatorWithDefaultOptions);
        AllocatorFree = (delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr>)Slot(table, OrtApiSlot.AllocatorFree);

        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.CreateCpuMemoryInfo);
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseMemoryInfo);

        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.CreateTensorWithDataAsOrtValue);
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr>)Slot(table, OrtApiSlot.GetTensorMutableData);
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.GetTensorTypeAndShape);
        ReleaseValue = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseValue);

        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)Slot(table, OrtApiSlot.CastTypeInfoToTensorInfo);
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr>)Slot(table, OrtApiSlot.GetOnnxTypeFromTypeInfo);
        GetTensorElementType = (delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr>)Slot(table, OrtApiSlot.GetTensorElementType);
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)Slot(table, OrtApiSlot.GetDimensionsCount);
        GetDimensions = (delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr>)Slot(table, OrtApiSlot.GetDimensions);
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseTypeInfo);
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)Slot(table, OrtApiSlot.ReleaseTensorTypeAndShapeInfo);
    }

    /// <summary>The process-wide table, loaded on first use.</summary>
    public static OrtApi Instance => Shared.Value;

    /// <summary><c>OrtApiBase::GetVersionString()</c>, e.g. "1.30.0".</summary>
    public string Version { get; }

    public string LibraryPath { get; }

    /// <summary>The function pointer in <paramref name="slot"/> of the table (diagnostics and tests).</summary>
    public IntPtr SlotAddress(OrtApiSlot slot) => table[(int)slot];

    /// <summary>Throws an <see cref="OrtException"/> carrying ORT's message when <paramref name="status"/> is not null (success).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Check(IntPtr status)
    {
        if (status != IntPtr.Zero)
        {
            throw OrtStatus.ToException(this, status);
        }
    }

    private static IntPtr Slot(IntPtr* table, OrtApiSlot slot)
    {
        var function = table[(int)slot];
        return function != IntPtr.Zero
            ? function
            : throw new NotSupportedException($"The ONNX Runtime C API table has no function in slot {(int)slot} ({slot}).");
    }

    private static OrtApi Load()
    {
        var path = OrtLibrary.ResolvedPath;
        OrtLibrary.EnsureResolver();
        var apiBase = (IntPtr*)OrtLibrary.OrtGetApiBase();
        if (apiBase == null)
        {
            throw new NotSupportedException($"OrtGetApiBase() returned null in '{path}'.");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        var getApi = (delegate* unmanaged[Cdecl]<uint, IntPtr*>)apiBase[0];
        var getVersionString = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((IntPtr)getVersionString()) ?? "unknown";

        var table = getApi(RequestedVersion);
        if (table == null)
        {
            throw new NotSupportedException(
                $"ONNX Runtime {version} at '{path}' does not provide C API version {RequestedVersion}; " +
                $"use ONNX Runtime 1.{RequestedVersion} or newer.");
        }

        var api = new OrtApi(table, version, path);
        SelfCheck(api);
        return api;
    }

    /// <summary>A status must survive CreateStatus -> GetErrorCode/GetErrorMessage -> ReleaseStatus unchanged.</summary>
    private static void SelfCheck(OrtApi api)
    {
        const string probe = "fraud-orleans binding self-check";
        var echo = OrtStatus.RoundTrip(api, OrtErrorCode.NotImplemented, probe);
        if (echo.ErrorCode != OrtErrorCode.NotImplemented || echo.OrtMessage != probe)
        {
            throw new NotSupportedException(
                $"ONNX Runtime {api.Version} at '{api.LibraryPath}': the C API table does not behave as expected " +
                $"(status round trip gave {echo.ErrorCode} '{echo.OrtMessage}').");
        }
    }
}
