using System.Text;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>UTF-8, NUL-terminated strings for the C API (load-time use; the scoring path uses <see cref="OrtNameTable"/>).</summary>
internal static class OrtUtf8
{
    public static byte[] NulTerminated(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
