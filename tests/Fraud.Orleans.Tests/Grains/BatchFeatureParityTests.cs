using System.Globalization;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Grains.Terminals;
using Fraud.Orleans.Silo.Terminals;
using Fraud.Orleans.Simulator;
using Fraud.Orleans.Tests.Simulator;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Grains;

/// <summary>
/// No training/serving skew, at grain level: card grains and a terminal replica fed in event-time order give
/// every feature of model/features.py, on every transaction of every 20th card over the file's four months
/// (60,373). The same comparison through Kafka and the silo is in the integration tests.
/// </summary>
public sealed class BatchFeatureParityTests
{
    private const int MinimumRows = 50_000;

    [Fact]
    public async Task Online_features_equal_the_batch_definition_on_all_transactions_of_every_20th_card()
    {
        using var dir = new TempFolder("fraud-parity-");
        var transactions = EveryTwentiethCard();
        var batch = BatchFeatures.Compute(transactions, dir.Path);

        var options = new CardGrainOptions();
        var terminals = new TerminalRiskReplica(new TerminalRiskOptions(), options);
        var grains = new Dictionary<string, TestCard>();
        var mismatches = new List<string>();
        foreach (var t in transactions)
        {
            var tx = t.Transaction;
            if (!grains.TryGetValue(tx.CardId, out var grain))
            {
                grains[tx.CardId] = grain = TestCardGrains.Create(tx.CardId, new InMemoryPersistentState<CardState>(new CardState()), terminals, options);
            }

            var signal = await grain.ScoreAsync(tx);
            batch.Compare(tx.TransactionId, i => FeatureSchema.Value(signal, i), mismatches);

            // Risk reads only what is at least a week old, so recording the label at once changes nothing it sees.
            terminals.OnTransaction(tx.TerminalId, tx.TransactionId, tx.EventTimeMs);
            if (t.IsFraud)
            {
                terminals.OnFraudLabel(tx.TerminalId, tx.TransactionId, tx.EventTimeMs);
            }
        }

        Assert.InRange(transactions.Count, MinimumRows, int.MaxValue);
        Assert.Equal(transactions.Count, batch.Count);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>Every transaction of every 20th card, in the file's (chronological) order.</summary>
    public static List<SimulatedTransaction> EveryTwentiethCard() =>
        HandbookCsv.Read(HandbookData.Path)
            .Where(t => long.Parse(t.Transaction.CardId, CultureInfo.InvariantCulture) % 20 == 0)
            .ToList();
}
