using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>What a stopping silo does with calls it can no longer serve.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SiloStopTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_call_queued_behind_a_load_that_cannot_finish_fails_when_the_silo_stops()
    {
        using var folder = new TempFolder("ddb-stop-");
        await using var dynamoDb = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = folder.Path });
        var names = fixture.NewNames(partitions: 1);
        var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?>
        {
            ["DynamoDB:ServiceUrl"] = dynamoDb.ServiceUrl.ToString(),
            ["DynamoDB:RequestTimeout"] = "00:00:01",
        });
        try
        {
            var partitions = silo.Services.GetRequiredService<PartitionMap>();
            await Eventually.WaitUntilAsync(() => partitions.Owns(0), Deadline, () => "partition 0 assigned");

            // With DynamoDB gone the card's state cannot be read: its activation keeps retrying, the call queues.
            await dynamoDb.StopAsync();
            var call = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICardGrain>("stranded")
                .ScoreAsync(new Transaction(1, "stranded", 1, 10_00, 1_522_656_000_000)).AsTask();
            Assert.False(call.IsCompleted, "the call ran although its state could not be read");

            await silo.KillAsync();

            // Before the fix the caller looked the key up again and again, on every thread-pool thread, for ever.
            var failure = await Record.ExceptionAsync(() => call.WaitAsync(Deadline));
            Assert.IsAssignableFrom<OperationCanceledException>(failure);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }
}
