using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Tests.Integration;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>Small numbered batches of transactions over a few dozen cards, produced in steps a fault test interleaves with its faults.</summary>
public static class TransactionBatches
{
    private static readonly long Start = new DateTimeOffset(2018, 4, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Transactions <paramref name="from"/>..<paramref name="to"/>, a minute apart, over 37 cards named <paramref name="cardPrefix"/>{n}.</summary>
    public static IEnumerable<Transaction> Batch(string cardPrefix, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => new Transaction(i, CardOf(cardPrefix, i), i % 11, 1_00 + i, Start + i * 60_000L));

    public static string CardOf(string cardPrefix, int transaction) => $"{cardPrefix}{transaction % 37}";

    /// <summary>Produces <paramref name="batch"/> and adds it to <paramref name="input"/> once the broker has it all.</summary>
    public static void Produce(string bootstrap, TestNames names, List<Transaction> input, IEnumerable<Transaction> batch, TimeSpan deadline)
    {
        using var producer = new TransactionProducer(bootstrap, names.Topic);
        foreach (var tx in batch)
        {
            producer.Produce(tx);
            input.Add(tx);
        }

        producer.Flush(deadline);
    }
}
