using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Tests.Integration;

public static class TestSilo
{
    /// <summary>
    /// A silo with its own host and container, on the fixture's Kafka and DynamoDB Local, under the test's names; its API
    /// takes the overrides' <c>Api:Keys</c>, or session keys (<see cref="SiloHost.SessionKeys"/>, <see cref="ApiClient"/>).
    /// <paramref name="services"/> registers before the silo's own services (which add theirs only where none is).
    /// </summary>
    public static Task<SiloHost> StartAsync(
        InfrastructureFixture fixture, TestNames names, IDictionary<string, string?>? overrides = null, ILoggerProvider? capture = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = fixture.Infrastructure.SiloSettings();
        settings["Kafka:Topic"] = names.Topic;
        settings["Kafka:DeadLetterTopic"] = names.DeadLetterTopic;
        settings["Kafka:LabelTopic"] = names.LabelTopic;
        settings["Kafka:GroupId"] = names.Group;
        settings["DynamoDB:StateTable"] = names.StateTable;
        settings["DynamoDB:SignalTable"] = names.SignalTable;
        settings["DynamoDB:ReviewTable"] = names.ReviewTable;
        settings["DynamoDB:LabelTable"] = names.LabelTable;
        settings["Silo:CheckpointInterval"] = "00:00:00.200";
        settings["Silo:ChallengerModelPath"] = ""; // the shipped default shadows a challenger: a test asks for one

        // Each test its own Orleans cluster: silos of tests running side by side on one DynamoDB Local must not meet.
        settings["Orleans:MembershipTable"] = $"membership-{names.Id}";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return SiloHost.StartAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            SessionApiKeys.AddIfNoneConfigured(builder);
            services?.Invoke(builder.Services);
            builder.Logging.SetMinimumLevel(capture is null ? LogLevel.Warning : LogLevel.Debug);
            if (capture is not null)
            {
                builder.Logging.AddProvider(capture);
            }
        });
    }

    /// <summary>A client of <paramref name="silo"/>'s API sending the session key of <paramref name="role"/>.</summary>
    public static HttpClient ApiClient(this SiloHost silo, string role = ApiRoles.Operator) =>
        ClientWithKey(silo, silo.SessionKeys?[role] ?? throw new InvalidOperationException("the silo was started with configured keys"));

    /// <summary>A client of <paramref name="silo"/>'s API sending <paramref name="key"/> (none when null).</summary>
    public static HttpClient ClientWithKey(SiloHost silo, string? key)
    {
        var http = new HttpClient { BaseAddress = silo.HttpAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
