namespace Fraud.Orleans.Model.Onnx;

/// <summary>An <c>OrtSession</c>: a loaded, initialised model.</summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    public static OrtSessionHandle Create(OrtApi api, OrtEnvHandle env, string modelPath, OrtSessionOptionsHandle options)
    {
        var owner = new OrtSessionHandle();
        IntPtr session;
        bool envAdded = false, optionsAdded = false;
        try
        {
            env.DangerousAddRef(ref envAdded);
            options.DangerousAddRef(ref optionsAdded);

            // ORTCHAR_T is char (UTF-8) on Linux and macOS, wchar_t (UTF-16) on Windows.
            if (OperatingSystem.IsWindows())
            {
                fixed (char* path = modelPath)
                {
                    api.Check(api.CreateSession(env.DangerousGetHandle(), path, options.DangerousGetHandle(), &session));
                }
            }
            else
            {
                fixed (byte* path = OrtUtf8.NulTerminated(modelPath))
                {
                    api.Check(api.CreateSession(env.DangerousGetHandle(), path, options.DangerousGetHandle(), &session));
                }
            }
        }
        finally
        {
            if (optionsAdded)
            {
                options.DangerousRelease();
            }

            if (envAdded)
            {
                env.DangerousRelease();
            }
        }

        owner.Adopt(session);
        return owner;
    }

    protected override void Release(IntPtr native) => OrtApi.Instance.ReleaseSession(native);
}
