using System.Diagnostics.Metrics;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Silo.Pipeline;

/// <summary>The checkpoint cycle as <see cref="FraudMeter"/> instruments: how often it completes or fails, how long it takes, what it writes.</summary>
public sealed class CheckpointMetrics
{
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _statesWritten;
    private readonly Counter<long> _fenced;

    public CheckpointMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(FraudMeter.Name);
        _completed = meter.CreateCounter<long>("fraud.checkpoints.completed", "{checkpoint}", "Checkpoints that wrote the changed states, waited for the signals and committed offsets");
        _failed = meter.CreateCounter<long>("fraud.checkpoints.failed", "{checkpoint}", "Checkpoints that failed (offsets stay uncommitted) and are tried again");
        _duration = meter.CreateHistogram<double>(
            "fraud.checkpoint.duration", "ms", "Time a completed checkpoint took, its paced state writes included",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SignalMetrics.LatencyBucketsMs });
        _statesWritten = meter.CreateCounter<long>("fraud.checkpoint.states_written", "{state}", "Grain states written by checkpoints");
        _fenced = meter.CreateCounter<long>("fraud.checkpoint.fenced_writes", "{state}", "Grain state writes refused because another silo owns the partition now");

        // Exported from the first measurement on: start at 0 so a scrape shows "none yet".
        _completed.Add(0);
        _failed.Add(0);
        _statesWritten.Add(0);
        _fenced.Add(0);
    }

    public void Completed(int statesWritten, TimeSpan duration)
    {
        _completed.Add(1);
        _statesWritten.Add(statesWritten);
        _duration.Record(duration.TotalMilliseconds);
    }

    public void Failed() => _failed.Add(1);

    public void Fenced() => _fenced.Add(1);
}
