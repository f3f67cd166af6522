namespace Fraud.Orleans.Model.Onnx;

/// <summary>An <c>OrtEnv</c>: logging and global state. ONNX Runtime wants one per process (see <see cref="OrtEnvironment"/>).</summary>
internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    public static OrtEnvHandle Create(OrtApi api, OrtLoggingLevel logLevel, string logId)
    {
        var owner = new OrtEnvHandle();
        IntPtr env;
        fixed (byte* id = OrtUtf8.NulTerminated(logId))
        {
            api.Check(api.CreateEnv((int)logLevel, id, &env));
        }

        owner.Adopt(env);
        return owner;
    }

    protected override void Release(IntPtr native) => OrtApi.Instance.ReleaseEnv(native);
}
