namespace Fraud.Orleans.Tests.Support;

public static class RepositoryPaths
{
    /// <summary>The folder holding Fraud.Orleans.sln, found from the test binary upwards.</summary>
    public static string Root { get; } = FindRoot();

    public static string ModelPath => Path.Combine(Root, "model", "fraud-model.onnx");

    public static string ModelMetadataPath => Path.Combine(Root, "model", "fraud-model.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fraud.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Fraud.Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
