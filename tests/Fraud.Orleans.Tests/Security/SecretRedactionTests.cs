using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Security;

/// <summary>A silo given secrets in its configuration hands them to its clients and never writes them to its log.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SecretRedactionTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string SaslPassword = "kafka-pw-3b9e51c07a";

    [Fact]
    public async Task A_silo_authenticating_to_kafka_logs_neither_its_password_nor_any_part_of_it()
    {
        var names = fixture.NewNames(partitions: 2);
        var logs = new CapturingLoggerProvider();
        var silo = await TestSilo.StartAsync(fixture, names, capture: logs, overrides: new Dictionary<string, string?>
        {
            ["Kafka:Security:Protocol"] = "SaslPlaintext",
            ["Kafka:Security:SaslMechanism"] = "Plain",
            ["Kafka:Security:SaslUsername"] = "fraud-silo",
            ["Kafka:Security:SaslPassword"] = SaslPassword,

            // librdkafka's most talkative contexts about credentials: its configuration dump and the SASL exchange.
            ["Kafka:ClientDebug"] = "conf,security,broker",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:Console:LogLevel:Default"] = "None", // hundreds of handshake errors: the capture reads them
        });
        try
        {
            // librdkafka's mock brokers speak no SASL, so each client's handshake fails (here the terminal feed's reader and
            // admin client, which the silo starts first): proof that the settings reached the clients.
            await Eventually.WaitUntilAsync(
                () => new[] { "consumer", "producer" }.All(client => logs.Lines.Any(line =>
                    line.Contains($"rdkafka#{client}", StringComparison.Ordinal) && line.Contains("SASL Handshake", StringComparison.Ordinal))),
                Deadline,
                () => $"{logs.Lines.Count} lines, none of a consumer's and a producer's SASL handshake");
        }
        finally
        {
            await silo.DisposeAsync();
        }

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, line => line.Contains("sasl.password = [redacted]", StringComparison.Ordinal)); // the dump ran
        Assert.True(lines.Count > 100, $"{lines.Count} log lines captured");

        // Any 8 consecutive characters of the secret would be a leak worth reporting.
        var fragments = Enumerable.Range(0, SaslPassword.Length - 7).Select(i => SaslPassword.Substring(i, 8)).ToList();
        var leak = lines.FirstOrDefault(line => fragments.Any(f => line.Contains(f, StringComparison.Ordinal)));
        Assert.True(leak is null, $"secret in the log: {leak}");
    }
}
