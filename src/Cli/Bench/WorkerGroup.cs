namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// The worker processes of a phase (one Python peer, or one or more silos in one consumer group), seen as one
/// system: ready when every one is, its status the sum of theirs, its peak RSS the largest of theirs.
/// </summary>
public sealed class WorkerGroup : IDisposable
{
    private readonly List<WorkerProcess> _workers;

    private readonly HashSet<WorkerProcess> _gone = [];
    private readonly Func<long, (double Seconds, long Scheduled)> _clock;
    private readonly int? _dynamoDbPid;

    private WorkerGroup(List<WorkerProcess> workers, Func<long, (double Seconds, long Scheduled)> clock, int? dynamoDbPid) =>
        (_workers, _clock, _dynamoDbPid) = (workers, clock, dynamoDbPid);

    /// <summary>Each worker's name and last status line (a killed worker's: its last before the kill).</summary>
    public IReadOnlyList<(string Name, WorkerStatus? Status)> LastStatuses => _workers.Select(w => (w.Name, w.Latest?.Status)).ToList();

    /// <summary>Each worker's name and status lines.</summary>
    public IReadOnlyList<(string Name, IReadOnlyCollection<WorkerSample> Samples)> EachSamples => _workers.Select(w => (w.Name, w.Samples)).ToList();

    /// <summary>Every worker still running has had each signal it decided acknowledged: nothing of theirs is in flight.</summary>
    public bool LiveSettled => Live.All(w => w.Latest is { } s && s.Status.Durable >= s.Status.Decided);

    public IReadOnlyList<int> Pids => _workers.Select(w => w.Pid).ToList();

    public WorkerSample? Latest => MergedSamples.Latest(_workers.Select(w => w.Latest).ToList());

    /// <summary>Every worker's status lines as one series (<see cref="MergedSamples"/>).</summary>
    public IReadOnlyCollection<WorkerSample> Samples => MergedSamples.Of(_workers.Select(w => w.Samples).ToList());

    /// <summary>A worker exited that the bench did not kill.</summary>
    public bool HasExited => Live.Any(w => w.HasExited);

    private IEnumerable<WorkerProcess> Live => _workers.Where(w => !_gone.Contains(w));

    /// <summary>The largest peak resident set of any worker: each is a process of its own, as each would be on its own machine.</summary>
    public double PeakRssMb => _workers.Select(w => ProcStat.PeakRssMb(w.Pid) ?? double.NaN).Max();

    /// <summary>Each worker's peak resident set, in start order (NaN for one that is gone).</summary>
    public IReadOnlyList<double> PeakRssMbEach => _workers.Select(w => ProcStat.PeakRssMb(w.Pid) ?? double.NaN).ToList();

    /// <summary>The largest resident set of any worker now.</summary>
    public double RssMb => _workers.Select(w => ProcStat.RssMb(w.Pid) ?? double.NaN).Max();

    /// <param name="clock">Seconds since the load started, and transactions due by a status's time stamp (Unix ms).</param>
    public static WorkerGroup Start(IReadOnlyList<WorkerLaunch> launches, Func<long, (double Seconds, long Scheduled)> clock, int? dynamoDbPid)
    {
        var workers = new List<WorkerProcess>();
        try
        {
            foreach (var launch in launches)
            {
                workers.Add(WorkerProcess.Start(launch.Name, launch.FileName, launch.Arguments, launch.Environment, clock, dynamoDbPid));
            }
        }
        catch
        {
            workers.ForEach(w => w.Dispose());
            throw;
        }

        return new WorkerGroup(workers, clock, dynamoDbPid);
    }

    /// <summary>Workers still running (not killed, not stopped by the bench).</summary>
    public int LiveCount => Live.Count();

    /// <summary>Starts one more worker; it joins the group on its own (no wait here).</summary>
    public void Add(WorkerLaunch launch) =>
        _workers.Add(WorkerProcess.Start(launch.Name, launch.FileName, launch.Arguments, launch.Environment, _clock, _dynamoDbPid));

    /// <summary>Stops the youngest live worker gracefully (it hands its partitions over) and returns its exit code.</summary>
    public Task<int> StopYoungestAsync(TimeSpan timeout)
    {
        var worker = Live.Last();
        _gone.Add(worker); // no longer live: its partitions are the others' to take
        return worker.StopAsync(timeout);
    }

    /// <summary>Every live worker owns partitions by its last status line, and together they own each of <paramref name="partitions"/> once.</summary>
    public bool LiveShare(int partitions)
    {
        var owned = Live.Select(w => w.Latest?.Status.Partitions ?? []).ToList();
        var all = owned.SelectMany(p => p).ToList();
        return owned.All(p => p.Count > 0) && all.Count == partitions && all.Distinct().Count() == partitions;
    }

    /// <summary>Waits until every worker owns partitions: with several silos, until the group has shared them out.</summary>
    /// <exception cref="TimeoutException">One is not ready in time, or exited: at once, not after the others' time-out.</exception>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = _workers.Select(w => w.WaitReadyAsync(timeout, cancellationToken)).ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            await done;
            pending.Remove(done);
        }
    }

    /// <summary>SIGKILLs worker <paramref name="index"/> (from 0) and says what it owned by its last status line.</summary>
    /// <param name="atSeconds">Seconds into the load, for the report.</param>
    public async Task<SiloKill> KillAsync(int index, double atSeconds)
    {
        var worker = _workers[index];
        var partitions = worker.Latest?.Status.Partitions ?? [];
        var pid = worker.Pid;
        _gone.Add(worker);
        var killedAt = await worker.KillAsync();
        return new SiloKill(worker.Name, pid, atSeconds, killedAt, partitions);
    }

    /// <summary>Stops the live workers all at once (each gracefully): one at a time would hand every leaver's partitions to the rest for nothing.</summary>
    public async Task<IReadOnlyList<int>> StopAsync(TimeSpan timeout) => await Task.WhenAll(Live.Select(w => w.StopAsync(timeout)));

    public void Dispose() => _workers.ForEach(w => w.Dispose());
}
