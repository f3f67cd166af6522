using Fraud.Orleans.Cli.Demo;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The bench's stream, generated up front so that generating it costs no phase anything and every phase gets
/// exactly the same records. A ramp asks for longer and longer prefixes of the same stream; a longer one is
/// generated afresh (the source is deterministic) and shorter ones are cut from it.
/// </summary>
public sealed class BenchStream(BenchOptions options)
{
    private Transaction[] _generated = [];

    /// <summary>The first <paramref name="count"/> transactions, ids renumbered 0..count-1.</summary>
    public IReadOnlyList<Transaction> Take(int count)
    {
        if (count > _generated.Length)
        {
            _generated = Generate(count);
        }

        return new ArraySegment<Transaction>(_generated, 0, count);
    }

    /// <summary>Whether transaction <paramref name="n"/> of a stream at <paramref name="rate"/> is the hot card's (<paramref name="hotRate"/> of them a second, evenly spread).</summary>
    public static bool IsHot(long n, int hotRate, int rate) => (n + 1) * hotRate / rate > n * hotRate / rate;

    private Transaction[] Generate(int count)
    {
        var transactions = new Transaction[count];
        var n = 0;
        foreach (var simulated in TransactionSource.Open(options.File, options.Customers, options.Seed))
        {
            if (n == count)
            {
                break;
            }

            // Ids 0..N-1 in send order: the workers' logs and the read-back index by them. With a hot card, every
            // transaction whose share of the schedule crosses the next multiple of its rate is the hot card's instead,
            // at the event time of the stream (an attack runs in real time).
            transactions[n] = simulated.Transaction with { TransactionId = n };
            if (options.HotCardRate is { } hot && IsHot(n, hot, options.Rate))
            {
                transactions[n] = transactions[n] with { CardId = HotCard.CardId };
            }

            n++;
        }

        if (n < count)
        {
            throw new InvalidDataException($"The source holds {n:N0} transactions; --rate × --duration needs {count:N0}.");
        }

        return transactions;
    }
}
