using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>Where demo and load transactions come from: the project's simulator, or a handbook-format CSV.</summary>
public static class TransactionSource
{
    public static IEnumerable<SimulatedTransaction> Open(string? csvPath, int customers, int seed)
    {
        if (csvPath is not null)
        {
            if (!File.Exists(csvPath))
            {
                throw new FileNotFoundException($"--file: '{Path.GetFullPath(csvPath)}' does not exist.");
            }

            return HandbookCsv.Read(csvPath);
        }

        return TransactionSimulator.Generate(new SimulatorOptions { Customers = customers, Seed = seed });
    }
}
