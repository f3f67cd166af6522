using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Tests.Storage;

/// <summary>
/// Review cases on DynamoDB Local, written beside the signal writer's batches: a batch is not durable (its flush, which
/// the checkpoint waits on before committing offsets, does not complete) until its cases are; a case is opened once.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ReviewCaseWriterTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_batch_is_durable_only_with_its_cases_and_a_signal_written_again_opens_no_second_case()
    {
        var names = fixture.NewNames(partitions: 1);
        var options = new DynamoDbOptions
        {
            ServiceUrl = fixture.Infrastructure.DynamoDb.ServiceUrl.ToString(),
            StateTable = names.StateTable,
            SignalTable = names.SignalTable,
            ReviewTable = names.ReviewTable,
        };
        using var client = DynamoDbClientFactory.Create(options);
        await DynamoDbTables.EnsureCreatedAsync(client, options, CancellationToken.None);
        var metrics = new StorageMetrics(TestMeters.NewFactory());
        var log = new StorageLog(NullLogger<StorageLog>.Instance);
        var cases = new HeldCases(new ReviewCaseWriter(client, options, TimeProvider.System, metrics, log));
        var durable = new DurableSignals();
        using var writer = new DynamoDbSignalWriter(client, options, [durable], TimeProvider.System, metrics, log, [cases]);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            for (var id = 1; id <= 30; id++)
            {
                writer.Enqueue(Signal(id), 0);
            }

            var flush = writer.FlushAsync(CancellationToken.None);
            var signals = new SignalTable(client, names.SignalTable);
            var stored = 0;
            await Eventually.WaitUntilAsync(async () => (stored = (await signals.ScanAsync()).Count) == 30, Deadline, () => $"{stored} of 30 signals");
            Assert.False(flush.IsCompleted, "the batches' signals landed but their cases are held: not durable yet");
            Assert.Empty(durable.Ids);

            cases.Release();
            await flush.WaitAsync(Deadline);
            var caseIds = await CaseIdsAsync(client, names.ReviewTable);
            Assert.Equal(Enumerable.Range(1, 30).Where(id => DecisionOf(id) != Decision.Approve).Select(id => (long)id), caseIds);

            // Labelled, then replayed with every other signal: no case opens twice, and the labelled one stays labelled.
            var store = new ReviewStore(client, options);
            var (outcome, _) = await store.LabelAsync(caseIds[0], LabelRequest.Fraud, "tester", DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal(LabelOutcome.Labelled, outcome);
            for (var id = 1; id <= 30; id++)
            {
                writer.Enqueue(Signal(id), 0);
            }

            await writer.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
            Assert.Equal(caseIds, await CaseIdsAsync(client, names.ReviewTable));
            var labelled = (await store.FindAsync(caseIds[0], CancellationToken.None))!;
            Assert.Equal(ReviewItems.Labelled, labelled[ReviewItems.Status].S);
            Assert.Equal(LabelRequest.Fraud, labelled[ReviewItems.Label].S);
        }
        finally
        {
            cases.Release();
            writer.Abandon();
            await writer.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<List<long>> CaseIdsAsync(Amazon.DynamoDBv2.IAmazonDynamoDB client, string table) =>
        (await new SignalTable(client, table).ScanAsync())
            .Select(item => long.Parse(item[DynamoDbTables.TransactionIdAttribute].S, System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();

    private static Decision DecisionOf(long id) => id % 3 == 0 ? Decision.Review : id % 3 == 1 ? Decision.Block : Decision.Approve;

    private static FraudSignal Signal(long id) =>
        new(id, $"card-{id % 4}", 7, 1234, 1_530_000_000_000 + id, default, default, default, 0.25f, DecisionOf(id), ReasonCodes.None, "test-model");

    /// <summary>The case writer behind a gate: cases are written only once the test releases them.</summary>
    private sealed class HeldCases(IWrittenWithSignals inner) : IWrittenWithSignals
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        public async Task WriteAsync(IReadOnlyList<FraudSignal> signals, CancellationToken abandoned)
        {
            var copy = signals.ToList(); // the writer reuses its list once the returned task completes, not before
            await _gate.Task;
            await inner.WriteAsync(copy, abandoned);
        }
    }
}
