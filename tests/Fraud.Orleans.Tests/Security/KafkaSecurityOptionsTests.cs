using Confluent.Kafka;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Fraud.Orleans.Tests.Security;

/// <summary>Kafka security settings reach librdkafka as configured; bad ones are all reported, secrets never echoed.</summary>
public sealed class KafkaSecurityOptionsTests
{
    private const string Secret = "pw-9f2c41d7e0b8";

    [Fact]
    public void Sasl_ssl_with_scram_and_a_ca_reaches_every_client_configuration()
    {
        var ca = Path.GetTempFileName();
        try
        {
            var options = Bind(new()
            {
                ["Kafka:Security:Protocol"] = "SaslSsl",
                ["Kafka:Security:SaslMechanism"] = "ScramSha256",
                ["Kafka:Security:SaslUsername"] = "fraud-silo",
                ["Kafka:Security:SaslPassword"] = Secret,
                ["Kafka:Security:SslCaLocation"] = ca,
            });
            Assert.Empty(options.Validate());

            IEnumerable<ClientConfig> configs =
            [
                KafkaClientConfig.Consumer("b:9096", options), KafkaClientConfig.WholeTopicReader("b:9096", options),
                KafkaClientConfig.Producer("b:9096", options), KafkaClientConfig.Admin("b:9096", options),
            ];
            foreach (var config in configs)
            {
                var settings = config.ToDictionary(pair => pair.Key, pair => pair.Value);
                Assert.Equal("sasl_ssl", settings["security.protocol"]);
                Assert.Equal("SCRAM-SHA-256", settings["sasl.mechanism"]);
                Assert.Equal("fraud-silo", settings["sasl.username"]);
                Assert.Equal(Secret, settings["sasl.password"]);
                Assert.Equal(ca, settings["ssl.ca.location"]);
                Assert.Equal("https", settings["ssl.endpoint.identification.algorithm"]);
            }

            Assert.DoesNotContain(Secret, options.Security.Describe(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public void Plaintext_by_default_sends_no_credentials()
    {
        var settings = KafkaClientConfig.Consumer("b:9092", new KafkaIngestOptions()).ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("plaintext", settings["security.protocol"]);
        Assert.DoesNotContain("sasl.password", settings.Keys);
        Assert.DoesNotContain("sasl.username", settings.Keys);
    }

    [Fact]
    public void Every_unusable_security_setting_is_reported_at_once_without_the_secret()
    {
        var sasl = Bind(new()
        {
            ["Kafka:Security:Protocol"] = "SaslSsl",
            ["Kafka:Security:SaslUsername"] = "",
            ["Kafka:Security:SaslPassword"] = Secret,
            ["Kafka:Security:SslCaLocation"] = "/nonexistent/ca.pem",
            ["Kafka:Security:SslCertificateLocation"] = "/nonexistent/client.pem",
        }).Validate().ToList();

        Assert.Contains(sasl, e => e.Contains("needs SaslUsername and SaslPassword", StringComparison.Ordinal));
        Assert.Contains(sasl, e => e.Contains("SslCaLocation '/nonexistent/ca.pem' does not exist", StringComparison.Ordinal));
        Assert.Contains(sasl, e => e.Contains("SslCertificateLocation and SslKeyLocation go together", StringComparison.Ordinal));
        Assert.DoesNotContain(sasl, e => e.Contains(Secret, StringComparison.Ordinal));

        // A password with plaintext would silently not be used: the deployment meant SaslSsl.
        var unused = Bind(new() { ["Kafka:Security:SaslPassword"] = Secret }).Validate().ToList();
        Assert.Contains(unused, e => e.Contains("SaslPassword is set but Protocol is Plaintext", StringComparison.Ordinal));
        Assert.DoesNotContain(unused, e => e.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Aws_credentials_in_configuration_stop_the_silo_naming_the_key_not_the_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "b:9092",
            ["DynamoDB:ServiceUrl"] = "aws",
            ["DynamoDB:SecretKey"] = Secret,
            ["AWS:AccessKeyId"] = "AKIAEXAMPLE12345",
            ["Api:Note"] = "not a credential",
        }).Build();

        var error = Assert.Throws<SiloConfigurationException>(() => SiloConfiguration.Bind(configuration).ThrowIfInvalid());

        Assert.Contains(error.Errors, e => e.StartsWith("DynamoDB:SecretKey: AWS credentials are never read from configuration", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("AWS:AccessKeyId:", StringComparison.Ordinal));
        Assert.Equal(2, error.Errors.Count(e => e.Contains("default credential chain", StringComparison.Ordinal)));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE12345", error.Message, StringComparison.Ordinal);
    }

    private static KafkaIngestOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(KafkaIngestOptions.Section).Get<KafkaIngestOptions>()!;
}
