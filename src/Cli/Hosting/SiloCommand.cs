using Fraud.Orleans.Embedded;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Fraud.Orleans.Cli.Hosting;

/// <summary>
/// <c>fraud silo</c>: a silo for development. Settings are the silo's own (<c>--Section:Key value</c>, <c>FRAUD__Section__Key</c>);
/// Kafka or DynamoDB left unset are started here, embedded, and live as long as this process. The production silo
/// (<c>src/Silo</c>) never does this: it refuses to start without both endpoints.
/// </summary>
public static class SiloCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var configured = new ConfigurationBuilder().AddEnvironmentVariables("FRAUD__").AddCommandLine(args).Build();
        var topics = configured.GetSection(KafkaIngestOptions.Section).Get<KafkaIngestOptions>() ?? new();
        var settings = new Dictionary<string, string?>();
        MockKafkaCluster? kafka = null;
        DynamoDbLocal? dynamoDb = null;
        try
        {
            if (string.IsNullOrWhiteSpace(topics.BootstrapServers))
            {
                kafka = MockKafkaCluster.Start();
                kafka.CreateIngestTopics(topics);
                settings["Kafka:BootstrapServers"] = kafka.BootstrapServers;
                Console.WriteLine($"Embedded Kafka (librdkafka mock cluster) at {kafka.BootstrapServers}");
            }

            if (string.IsNullOrWhiteSpace(configured["DynamoDB:ServiceUrl"]))
            {
                dynamoDb = await DynamoDbLocal.StartAsync(null, cancellationToken);
                settings["DynamoDB:ServiceUrl"] = dynamoDb.ServiceUrl.ToString();
                Console.WriteLine($"Embedded DynamoDB Local at {dynamoDb.ServiceUrl}");
            }

            var embedded = kafka is not null || dynamoDb is not null;
            await using var silo = await SiloHost.StartAsync(args, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);

                // Keys for the session only on embedded infrastructure: with both endpoints configured this is a production
                // silo, which refuses to start without Api:Keys.
                if (embedded)
                {
                    SessionApiKeys.AddIfNoneConfigured(builder);
                }
            }, cancellationToken);
            Console.WriteLine($"Silo up at {silo.HttpAddress}; Ctrl+C stops it.");
            foreach (var line in silo.SessionKeys?.Describe(silo.HttpAddress) ?? [])
            {
                Console.WriteLine(line);
            }

            await silo.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (SiloConfigurationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        finally
        {
            kafka?.Dispose();
            if (dynamoDb is not null)
            {
                await dynamoDb.DisposeAsync();
            }
        }
    }
}
