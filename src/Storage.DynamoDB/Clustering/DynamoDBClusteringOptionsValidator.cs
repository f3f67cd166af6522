using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>Checks the clustering options at start-up and reports every failure in one exception.</summary>
public sealed class DynamoDBClusteringOptionsValidator(IOptions<DynamoDBClusteringOptions> options) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var failures = new List<string>();
        DynamoDBClientOptionsChecks.Check(options.Value, failures);
        if (options.Value.MaxSnapshotAttempts < 1)
        {
            failures.Add($"MaxSnapshotAttempts must be at least 1 (is {options.Value.MaxSnapshotAttempts}).");
        }

        if (failures.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Invalid {nameof(DynamoDBClusteringOptions)}:{Environment.NewLine}- " + string.Join(Environment.NewLine + "- ", failures));
        }
    }
}
