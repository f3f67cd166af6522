namespace Fraud.Orleans.Model.Onnx;

/// <summary>An error reported by ONNX Runtime through an <c>OrtStatus</c>; the message is ORT's own.</summary>
public sealed class OrtException : Exception
{
    public OrtException()
        : this(OrtErrorCode.Fail, "ONNX Runtime reported an error.")
    {
    }

    public OrtException(string message)
        : this(OrtErrorCode.Fail, message)
    {
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = OrtErrorCode.Fail;
    }

    public OrtException(OrtErrorCode errorCode, string message)
        : base($"[ONNX Runtime {errorCode}] {message}")
    {
        ErrorCode = errorCode;
        OrtMessage = message;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message exactly as ONNX Runtime wrote it.</summary>
    public string? OrtMessage { get; }
}
