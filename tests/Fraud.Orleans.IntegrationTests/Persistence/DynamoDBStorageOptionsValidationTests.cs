using Fraud.Orleans.Storage.DynamoDB;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.IntegrationTests.Persistence;

public sealed class DynamoDBStorageOptionsValidationTests
{
    [Fact]
    public void Every_invalid_setting_is_reported_at_once_with_the_storage_name()
    {
        var services = new ServiceCollection();
        services.AddDynamoDBGrainStorage("cards", o =>
        {
            o.TableName = "x";
            o.AccessKey = "only-the-key";
            o.MaxAttempts = 0;
            o.FirstRetryDelay = TimeSpan.FromSeconds(5);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
            o.RequestTimeout = TimeSpan.Zero;
            o.MaxReadsPerRequest = 101;
            o.MaxReadRequestsInFlight = 0;
        });
        using var provider = services.BuildServiceProvider();

        var validator = Assert.Single(provider.GetServices<IConfigurationValidator>());
        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains("'cards'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TableName 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Either ServiceUrl or Region", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessKey and SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("FirstRetryDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxReadsPerRequest must be 1 to 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxReadRequestsInFlight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_pass_and_each_named_storage_is_validated_with_its_own_options()
    {
        var services = new ServiceCollection();
        services.AddDynamoDBGrainStorage("cards", o => o.Region = "eu-west-1");
        services.AddDynamoDBGrainStorage("terminals", o => o.ServiceUrl = "not a url");
        using var provider = services.BuildServiceProvider();

        var failures = provider.GetServices<IConfigurationValidator>()
            .Select(v => Record.Exception(v.ValidateConfiguration)?.Message)
            .ToList();

        Assert.Equal(2, failures.Count);
        Assert.Null(failures[0]);
        Assert.Contains("'terminals'", failures[1], StringComparison.Ordinal);
        Assert.Contains("ServiceUrl 'not a url'", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Clustering_options_are_validated_the_same_way()
    {
        var validator = new DynamoDBClusteringOptionsValidator(Microsoft.Extensions.Options.Options.Create(
            new DynamoDBClusteringOptions { TableName = "", MaxSnapshotAttempts = 0 }));

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains("TableName ''", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSnapshotAttempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("Either ServiceUrl or Region", error.Message, StringComparison.Ordinal);
    }
}
