using Fraud.Orleans.Model.Onnx;

namespace Fraud.Orleans.Tests.Model;

/// <summary>The raw binding: library, API table, status handling. Wrong table indexes make these fail or crash.</summary>
public sealed class OrtBindingTests
{
    [Fact]
    public void Library_reports_the_version_we_ship()
    {
        Assert.Equal("1.30.0", OrtRuntime.Version);
        Assert.Equal(30u, OrtRuntime.ApiVersion);
        Assert.True(File.Exists(OrtRuntime.LibraryPath), OrtRuntime.LibraryPath);
    }

    [Theory]
    [InlineData(OrtErrorCode.Fail, "plain")]
    [InlineData(OrtErrorCode.InvalidGraph, "fraud-orleans status probe é ✓")]
    [InlineData(OrtErrorCode.NoSuchFile, "")]
    public void Status_round_trips_code_and_message(OrtErrorCode code, string message)
    {
        // CreateStatus (slot 0) -> GetErrorCode (1), GetErrorMessage (2) -> ReleaseStatus (93): the path of every error.
        var error = OrtStatus.RoundTrip(OrtApi.Instance, code, message);

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(message, error.OrtMessage);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_slots_we_use_hold_distinct_functions()
    {
        var api = OrtApi.Instance;
        var slots = Enum.GetValues<OrtApiSlot>();
        var addresses = slots.Select(api.SlotAddress).ToList();

        Assert.All(addresses, a => Assert.NotEqual(IntPtr.Zero, a));
        Assert.Equal(slots.Length, addresses.Distinct().Count());
        // ORT asserts offsetof(OrtApi, ReleaseCustomOpDomain) / sizeof(void*) == 101; ReleaseSessionOptions comes just before it.
        Assert.Equal(100, (int)OrtApiSlot.ReleaseSessionOptions);
    }

    [Fact]
    public void Session_reports_the_tiny_models_inputs_and_outputs()
    {
        using var session = OrtSession.Open(ModelTestFiles.TinyModel, OrtSessionSettings.Inline);

        var input = Assert.Single(session.Inputs);
        Assert.Equal("features", input.Name);
        Assert.Equal(OnnxValueKind.Tensor, input.Kind);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([-1L, 3L], input.Shape);

        Assert.Equal(["label", "probabilities"], session.Outputs.Select(o => o.Name));
        Assert.Equal(OnnxElementType.Int64, session.Outputs[0].ElementType);
        Assert.Equal([-1L], session.Outputs[0].Shape);
        Assert.Equal(OnnxElementType.Float, session.Outputs[1].ElementType);
        Assert.Equal([-1L, 2L], session.Outputs[1].Shape);
    }

    [Fact]
    public void Opening_a_missing_file_surfaces_ORTs_own_error()
    {
        var error = Assert.Throws<OrtException>(() => OrtSession.Open("/nonexistent/model.onnx", OrtSessionSettings.Inline));
        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains("/nonexistent/model.onnx", error.Message, StringComparison.Ordinal);
    }
}
