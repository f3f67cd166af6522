using System.Diagnostics;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>Produces transactions at a steady rate, running fault steps when the stream reaches given times.</summary>
public static class PacedStream
{
    public static async Task RunAsync(
        string bootstrap, string topic, IReadOnlyList<Transaction> input, int rate, IReadOnlyList<(TimeSpan At, Func<Task> Step)> steps, TimeSpan flushTimeout)
    {
        using var producer = new TransactionProducer(bootstrap, topic);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        var next = 0;
        void ProduceDue()
        {
            var due = Math.Min(input.Count, (int)(clock.Elapsed.TotalSeconds * rate));
            while (sent < due)
            {
                producer.Produce(input[sent++]);
            }
        }

        while (sent < input.Count || next < steps.Count)
        {
            ProduceDue();

            // A step that outlasts the next one's time must not leave that one to run before the records due by
            // then are sent: a step may wait for the silo to have consumed them.
            while (next < steps.Count && clock.Elapsed >= steps[next].At)
            {
                await steps[next++].Step();
                ProduceDue();
            }

            await Task.Delay(5); // pacing the producer, not synchronising
        }

        producer.Flush(flushTimeout);
        if (producer.Delivered != input.Count)
        {
            throw new InvalidOperationException($"{producer.Delivered} of {input.Count} delivered, {producer.Failed} failed");
        }
    }
}
