using System.Runtime.CompilerServices;
using System.Text;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// A fixed list of input or output names as the <c>const char* const*</c> that <c>Run</c> takes, built once and
/// kept on the pinned object heap, so a run needs no marshalling or allocation. Lives as long as its owner.
/// </summary>
internal sealed unsafe class OrtNameTable
{
    private readonly byte[] utf8;
    private readonly IntPtr[] pointers;

    public OrtNameTable(IReadOnlyList<string> names)
    {
        ArgumentOutOfRangeException.ThrowIfZero(names.Count);
        Names = [.. names];

        var total = 0;
        foreach (var name in names)
        {
            total += Encoding.UTF8.GetByteCount(name) + 1;
        }

        utf8 = GC.AllocateArray<byte>(total, pinned: true);
        pointers = GC.AllocateArray<IntPtr>(names.Count, pinned: true);

        var offset = 0;
        for (var i = 0; i < names.Count; i++)
        {
            pointers[i] = (IntPtr)Unsafe.AsPointer(ref utf8[offset]);
            offset += Encoding.UTF8.GetBytes(names[i], utf8.AsSpan(offset)) + 1; // the array is zeroed: NUL included
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => pointers.Length;

    /// <summary>Valid while this table is reachable (keep it alive across the native call).</summary>
    public byte** Pointers => (byte**)Unsafe.AsPointer(ref pointers[0]);
}
