using System.Runtime.InteropServices;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// Owner of one native ONNX Runtime object, released exactly once with the matching <c>Release*</c> function
/// (on <see cref="SafeHandle.Dispose()"/>, or by the finalizer if forgotten). Counts live objects for leak tests.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    private static long liveCount;

    protected OrtHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Native objects created through an <see cref="OrtHandle"/> and not yet released.</summary>
    public static long LiveCount => Interlocked.Read(ref liveCount);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a freshly created native object (call right after the native create succeeded).</summary>
    protected void Adopt(IntPtr native)
    {
        if (native == IntPtr.Zero)
        {
            throw new InvalidOperationException($"ONNX Runtime returned success but no {GetType().Name} object.");
        }

        SetHandle(native);
        Interlocked.Increment(ref liveCount);
    }

    protected sealed override bool ReleaseHandle()
    {
        Release(handle);
        Interlocked.Decrement(ref liveCount);
        return true;
    }

    /// <summary>Calls the native <c>Release*</c> function for this kind of object.</summary>
    protected abstract void Release(IntPtr native);
}
