using Fraud.Orleans.Model;

namespace Fraud.Orleans.Tests.Model;

/// <summary>The ONNX Runtime the process loads is the package's, at the version we build against.</summary>
public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void The_loaded_runtime_is_the_packaged_version()
    {
        using var model = ModelTestFiles.LoadTiny();
        Assert.Equal("1.32.0", OnnxFraudModel.RuntimeVersion);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so"))
            || File.Exists(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so")), "libonnxruntime.so next to the binary");
    }
}
