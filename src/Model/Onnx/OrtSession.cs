using System.Runtime.InteropServices;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// A loaded model: owns the native session, knows its inputs and outputs, and runs it. <see cref="Run"/> is
/// thread-safe (ONNX Runtime allows concurrent runs of one session) and safe against a concurrent
/// <see cref="Dispose"/>: the session is released only once the last run in flight has returned.
/// </summary>
internal sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtApi api;
    private readonly OrtSessionHandle handle;

    private OrtSession(OrtApi api, OrtSessionHandle handle, IReadOnlyList<OrtValueInfo> inputs, IReadOnlyList<OrtValueInfo> outputs)
    {
        this.api = api;
        this.handle = handle;
        Inputs = inputs;
        Outputs = outputs;
    }

    public IReadOnlyList<OrtValueInfo> Inputs { get; }

    public IReadOnlyList<OrtValueInfo> Outputs { get; }

    /// <summary>Loads <paramref name="modelPath"/>; ONNX Runtime's own errors surface as <see cref="OrtException"/>.</summary>
    public static OrtSession Open(string modelPath, OrtSessionSettings settings)
    {
        var api = OrtApi.Instance;
        OrtSessionHandle session;
        using (var options = OrtSessionOptionsHandle.Create(api, settings))
        {
            session = OrtSessionHandle.Create(api, OrtEnvironment.Env, modelPath, options);
        }

        try
        {
            var inputs = Describe(api, session, input: true);
            var outputs = Describe(api, session, input: false);
            return new OrtSession(api, session, inputs, outputs);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the model: <paramref name="inputs"/> holds one <c>OrtValue*</c> per name in <paramref name="inputNames"/>;
    /// <paramref name="outputs"/> receives one new <c>OrtValue*</c> per name in <paramref name="outputNames"/>, which the
    /// caller must release (<see cref="OrtApi.ReleaseValue"/>) even when this throws after some were set.
    /// </summary>
    public void Run(OrtNameTable inputNames, IntPtr* inputs, OrtNameTable outputNames, IntPtr* outputs)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added); // ObjectDisposedException once disposed
            api.Check(api.Run(
                handle.DangerousGetHandle(),
                IntPtr.Zero,
                inputNames.Pointers,
                inputs,
                (nuint)inputNames.Count,
                outputNames.Pointers,
                (nuint)outputNames.Count,
                outputs));
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }

            GC.KeepAlive(inputNames);
            GC.KeepAlive(outputNames);
        }
    }

    public void Dispose() => handle.Dispose();

    private static List<OrtValueInfo> Describe(OrtApi api, OrtSessionHandle session, bool input)
    {
        var s = session.DangerousGetHandle();
        nuint count;
        api.Check(input ? api.SessionGetInputCount(s, &count) : api.SessionGetOutputCount(s, &count));

        IntPtr allocator; // the default CPU allocator: owned by ONNX Runtime, never released
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator));

        var result = new List<OrtValueInfo>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            byte* name = null;
            string text;
            try
            {
                api.Check(input
                    ? api.SessionGetInputName(s, (nuint)i, allocator, &name)
                    : api.SessionGetOutputName(s, (nuint)i, allocator, &name));
                text = Marshal.PtrToStringUTF8((IntPtr)name) ?? string.Empty;
            }
            finally
            {
                if (name != null)
                {
                    api.Check(api.AllocatorFree(allocator, name));
                }
            }

            using var typeInfo = input ? OrtTypeInfoHandle.ForInput(api, session, i) : OrtTypeInfoHandle.ForOutput(api, session, i);
            result.Add(OrtValueInfo.FromTypeInfo(api, text, typeInfo));
        }

        return result;
    }
}
