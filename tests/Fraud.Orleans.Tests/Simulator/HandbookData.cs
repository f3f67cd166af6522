namespace Fraud.Orleans.Tests.Simulator;

/// <summary>Locates the handbook's data set: $FRAUD_HANDBOOK_DATA, else ../shared/data next to the repository.</summary>
internal static class HandbookData
{
    public const string EnvironmentVariable = "FRAUD_HANDBOOK_DATA";
    private const string FileName = "handbook-train.csv.gz";

    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{FileName} was not found in a shared/data folder above {AppContext.BaseDirectory}; set ${EnvironmentVariable} to its path.");
    }
}
