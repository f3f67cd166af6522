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

            // Ids 0..N-1 in send order: the workers' logs and the read-back index by them.
            transactions[n] = simulated.Transaction with { TransactionId = n };
            n++;
        }

        if (n < count)
        {
            throw new InvalidDataException($"The source holds {n:N0} transactions; --rate × --duration needs {count:N0}.");
        }

        return transactions;
    }
}
