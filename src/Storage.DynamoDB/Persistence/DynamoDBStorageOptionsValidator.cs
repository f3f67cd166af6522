using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Checks one named storage's options at silo start-up and reports every failure in one exception.</summary>
public sealed class DynamoDBStorageOptionsValidator(DynamoDBStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var failures = new List<string>();
        DynamoDBClientOptionsChecks.Check(options, failures);
        if (options.InitStage < 0)
        {
            failures.Add($"InitStage must not be negative (is {options.InitStage}).");
        }

        if (options.MaxReadsPerRequest is < 1 or > DynamoDBStateReads.BatchGetItemLimit)
        {
            failures.Add($"MaxReadsPerRequest must be 1 to {DynamoDBStateReads.BatchGetItemLimit} (is {options.MaxReadsPerRequest}).");
        }

        if (options.MaxReadRequestsInFlight < 1)
        {
            failures.Add($"MaxReadRequestsInFlight must be at least 1 (is {options.MaxReadRequestsInFlight}).");
        }

        if (failures.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Invalid {nameof(DynamoDBStorageOptions)} for grain storage '{name}':{Environment.NewLine}- " +
                string.Join(Environment.NewLine + "- ", failures));
        }
    }
}
