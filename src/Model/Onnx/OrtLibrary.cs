using System.Reflection;
using System.Runtime.InteropServices;
using Fraud.Orleans.Runtime;

namespace Fraud.Orleans.Model.Onnx;

/// <summary>
/// Finds and loads the official native ONNX Runtime library (no NuGet package ships it here) and exposes its one
/// exported entry point, <c>OrtGetApiBase</c>. Everything else is reached through the function table.
/// </summary>
internal static partial class OrtLibrary
{
    /// <summary>Path of a <c>libonnxruntime.so</c> to use instead of the one <c>./fraud setup</c> unpacks.</summary>
    public const string PathVariable = "FRAUD_ORT_LIBRARY";

    /// <summary>Where <c>./fraud setup</c> unpacks the library, relative to the tools folder.</summary>
    public const string ToolsRelativePath = "onnxruntime/libonnxruntime.so.1";

    private const string ImportName = "fraud-onnxruntime";

    private static int resolverRegistered;
    private static string? resolvedPath;

    /// <summary>The file the library was (or will be) loaded from.</summary>
    public static string ResolvedPath => resolvedPath ??= Locate();

    /// <summary>Routes this assembly's <c>DllImport</c>s of the library to <see cref="ResolvedPath"/>; idempotent.</summary>
    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref resolverRegistered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(OrtLibrary).Assembly, Resolve);
        }
    }

    /// <summary><c>const OrtApiBase* OrtGetApiBase(void)</c>: a struct of two function pointers, GetApi and GetVersionString.</summary>
    [LibraryImport(ImportName)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial IntPtr OrtGetApiBase();

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != ImportName)
        {
            return IntPtr.Zero;
        }

        var path = ResolvedPath;
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException($"ONNX Runtime could not be loaded from '{path}': {e.Message}", e);
        }
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (LocalTools.TryResolve(ToolsRelativePath, out var path) && File.Exists(path))
        {
            return path;
        }

        throw new DllNotFoundException(
            $"The ONNX Runtime native library was not found: ${PathVariable} is " +
            (string.IsNullOrWhiteSpace(configured) ? "not set" : $"'{configured}', which is not a file") +
            $", and '{ToolsRelativePath}' is neither under ${LocalTools.EnvironmentVariable} nor in a .tools folder above " +
            $"{AppContext.BaseDirectory}. Run ./fraud setup to install it.");
    }
}
