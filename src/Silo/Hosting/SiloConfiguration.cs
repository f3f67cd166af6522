using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Storage;
using Microsoft.Extensions.Configuration;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>All settings of a silo, bound from configuration and validated together.</summary>
public sealed record SiloConfiguration(
    SiloOptions Silo,
    CardGrainOptions Cards,
    TerminalRiskOptions Terminals,
    DynamoDbOptions DynamoDb,
    KafkaIngestOptions Kafka,
    ClusterSettings Cluster)
{
    public const string CardsSection = "Cards";

    /// <summary>Names of AWS credential settings someone may try to put in configuration, where the silo never reads them.</summary>
    private static readonly string[] CredentialNames = ["AccessKey", "SecretKey", "AccessKeyId", "SecretAccessKey", "SessionToken", "AwsAccessKeyId", "AwsSecretAccessKey", "AwsSessionToken"];

    /// <summary>Configuration keys holding AWS credentials (rejected: credentials come from the default chain only).</summary>
    public IReadOnlyList<string> CredentialKeys { get; init; } = [];

    public static SiloConfiguration Bind(IConfiguration configuration)
    {
        var config = new SiloConfiguration(
            configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new(),
            configuration.GetSection(CardsSection).Get<CardGrainOptions>() ?? new(),
            configuration.GetSection(TerminalRiskOptions.Section).Get<TerminalRiskOptions>() ?? new(),
            configuration.GetSection(DynamoDbOptions.Section).Get<DynamoDbOptions>() ?? new(),
            configuration.GetSection(KafkaIngestOptions.Section).Get<KafkaIngestOptions>() ?? new(),
            configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new())
        {
            CredentialKeys = configuration.AsEnumerable()
                .Where(pair => !string.IsNullOrEmpty(pair.Value) && CredentialNames.Contains(pair.Key.Split(':')[^1], StringComparer.OrdinalIgnoreCase))
                .Select(pair => pair.Key)
                .Order(StringComparer.Ordinal)
                .ToList(),
        };
        config.Silo.ModelPath = ModelFiles.Resolve(config.Silo.ModelPath);
        config.Silo.ChallengerModelPath = ModelFiles.Resolve(config.Silo.ChallengerModelPath);
        return config;
    }

    /// <summary>Throws with every problem at once, so one start-up shows all that must be fixed.</summary>
    /// <param name="hostErrors">Problems of the settings of the silo's host (its web API), reported with these.</param>
    public void ThrowIfInvalid(IEnumerable<string>? hostErrors = null)
    {
        var errors = Silo.Validate()
            .Concat(Cards.Validate().Select(e => $"{CardsSection}: {e}"))
            .Concat(Terminals.Validate().Select(e => $"{TerminalRiskOptions.Section}: {e}"))
            .Concat(DynamoDb.Validate())
            .Concat(Kafka.Validate())
            .Concat(Cluster.Validate())
            .Concat(hostErrors ?? [])
            .ToList();
        // A production silo talks to configured endpoints only; the CLI's development commands start embedded ones.
        if (string.IsNullOrWhiteSpace(Kafka.BootstrapServers))
        {
            errors.Add($"{KafkaIngestOptions.Section}:{nameof(KafkaIngestOptions.BootstrapServers)} is not set (host:port,... of the Kafka brokers; `./fraud silo` runs one on embedded Kafka)");
        }

        if (string.IsNullOrWhiteSpace(DynamoDb.ServiceUrl))
        {
            errors.Add($"{DynamoDbOptions.Section}:{nameof(DynamoDbOptions.ServiceUrl)} is not set (\"aws\" for DynamoDB in {DynamoDbOptions.Section}:{nameof(DynamoDbOptions.Region)}, or an endpoint such as http://127.0.0.1:8000)");
        }

        if (Cluster.MembershipTable == DynamoDb.StateTable || Cluster.MembershipTable == DynamoDb.SignalTable)
        {
            errors.Add($"{ClusterSettings.Section}:{nameof(ClusterSettings.MembershipTable)} must differ from the state and signal tables");
        }

        // A key in configuration ends up in appsettings files, images and dumps; the default chain (environment, profile,
        // ECS task or EC2 instance role) keeps it out of them, and only a local endpoint gets the fixed pair it needs.
        errors.AddRange(CredentialKeys.Select(key =>
            $"{key}: AWS credentials are never read from configuration; give the silo a role or the AWS_* environment variables (the default credential chain)"));

        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }
    }
}

public sealed class SiloConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid silo configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
