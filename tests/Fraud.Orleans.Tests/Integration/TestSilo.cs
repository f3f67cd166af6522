using Fraud.Orleans.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Tests.Integration;

public static class TestSilo
{
    /// <summary>A silo with its own host and container, on the fixture's Kafka and DynamoDB Local, under the test's names.</summary>
    public static Task<SiloHost> StartAsync(
        InfrastructureFixture fixture, TestNames names, IDictionary<string, string?>? overrides = null, ILoggerProvider? capture = null)
    {
        var settings = fixture.Infrastructure.SiloSettings();
        settings["Kafka:Topic"] = names.Topic;
        settings["Kafka:DeadLetterTopic"] = names.DeadLetterTopic;
        settings["Kafka:LabelTopic"] = names.LabelTopic;
        settings["Kafka:GroupId"] = names.Group;
        settings["DynamoDB:StateTable"] = names.StateTable;
        settings["DynamoDB:SignalTable"] = names.SignalTable;
        settings["Silo:CheckpointInterval"] = "00:00:00.200";

        // Each test its own Orleans cluster: silos of tests running side by side on one DynamoDB Local must not meet.
        settings["Orleans:MembershipTable"] = $"membership-{names.Id}";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return SiloHost.StartAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(capture is null ? LogLevel.Warning : LogLevel.Debug);
            if (capture is not null)
            {
                builder.Logging.AddProvider(capture);
            }
        });
    }
}
