using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>Turns a non-null <c>OrtStatus*</c> into an <see cref="OrtException"/>, releasing the status.</summary>
internal static unsafe class OrtStatus
{
    /// <summary>
    /// Creates a status with <c>CreateStatus</c> and reads it back as <see cref="OrtApi.Check"/> would: a live check that
    /// the status slots of the function table are what we think they are.
    /// </summary>
    public static OrtException RoundTrip(OrtApi api, OrtErrorCode code, string message)
    {
        IntPtr status;
        fixed (byte* text = OrtUtf8.NulTerminated(message))
        {
            status = api.CreateStatus((int)code, text);
        }

        return status == IntPtr.Zero
            ? throw new InvalidOperationException("OrtApi.CreateStatus returned null.")
            : ToException(api, status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static OrtException ToException(OrtApi api, IntPtr status)
    {
        try
        {
            var code = (OrtErrorCode)api.GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8((IntPtr)api.GetErrorMessage(status)) ?? string.Empty;
            return new OrtException(code, message);
        }
        finally
        {
            api.ReleaseStatus(status);
        }
    }
}
