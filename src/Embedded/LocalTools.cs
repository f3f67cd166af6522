namespace Fraud.Orleans.Embedded;

/// <summary>
/// Where <c>./fraud</c> unpacks the native tools that no NuGet package ships here (ONNX Runtime,
/// DynamoDB Local): <c>$FRAUD_TOOLS_DIR</c>, else the nearest <c>.tools</c> folder above the running binary.
/// </summary>
public static class LocalTools
{
    public const string EnvironmentVariable = "FRAUD_TOOLS_DIR";

    public static string Resolve(string relativePath)
    {
        if (TryResolve(relativePath, out var path))
        {
            return path;
        }

        throw new FileNotFoundException(
            $"'{relativePath}' was not found under ${EnvironmentVariable} nor in a .tools folder above {AppContext.BaseDirectory}. " +
            "Run ./fraud setup to install the tools.");
    }

    public static bool TryResolve(string relativePath, out string path)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            path = Path.Combine(configured, relativePath);
            return File.Exists(path) || Directory.Exists(path);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            path = Path.Combine(dir.FullName, ".tools", relativePath);
            if (File.Exists(path) || Directory.Exists(path))
            {
                return true;
            }
        }

        path = string.Empty;
        return false;
    }
}
