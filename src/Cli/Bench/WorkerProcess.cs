using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// A worker child process (silo or Python peer): its status lines become <see cref="WorkerSample"/>s, its other
/// output goes to our stderr, closing its stdin asks it to stop.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Func<long, (double Seconds, long Scheduled)> _clock;
    private readonly int? _dynamoDbPid;
    private readonly ConcurrentQueue<WorkerSample> _samples = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile WorkerSample? _latest;

    private WorkerProcess(Process process, Func<long, (double, long)> clock, int? dynamoDbPid)
    {
        _process = process;
        _clock = clock;
        _dynamoDbPid = dynamoDbPid;
    }

    public string Name { get; private init; } = "";

    public int Pid => _process.Id;

    public WorkerSample? Latest => _latest;

    public IReadOnlyCollection<WorkerSample> Samples => _samples;

    public bool HasExited => _process.HasExited;

    /// <param name="clock">Seconds since the load started, and transactions due by a status's time stamp (Unix ms).</param>
    public static WorkerProcess Start(
        string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        Func<long, (double Seconds, long Scheduled)> clock, int? dynamoDbPid)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false, // its errors go straight to the terminal
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var worker = new WorkerProcess(process, clock, dynamoDbPid) { Name = name };
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.BeginOutputReadLine();
        return worker;
    }

    /// <summary>Waits until the worker says it is ready (its consumer owns partitions).</summary>
    /// <exception cref="TimeoutException">It is not ready in time, or exited.</exception>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var done = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout, cancellationToken));
        if (done != _ready.Task)
        {
            throw new TimeoutException(_process.HasExited
                ? $"The {Name} worker exited with code {_process.ExitCode} before it was ready."
                : $"The {Name} worker was not ready after {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Closes its stdin (the worker stops gracefully) and waits for it to exit; kills it after <paramref name="timeout"/>.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"The {Name} worker did not stop within {timeout.TotalSeconds:0} s and was killed.");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL, not a stop: the worker gets no chance to checkpoint, commit or leave its group.</summary>
    /// <returns>The wall clock (Unix ms) when the signal was sent.</returns>
    public async Task<long> KillAsync()
    {
        _process.Kill(); // SIGKILL on Unix
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _process.WaitForExitAsync(CancellationToken.None);
        return killedAt;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var status = WorkerStatus.Parse(line);
        if (status is null)
        {
            Console.Error.WriteLine($"  [{Name}] {line}");
            return;
        }

        var (seconds, scheduled) = _clock(status.TimeMs);
        var sample = new WorkerSample(
            seconds, scheduled, status,
            ProcStat.CpuSeconds(_process.Id) ?? 0,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            _dynamoDbPid is { } pid ? ProcStat.CpuSeconds(pid) ?? 0 : 0);
        _samples.Enqueue(sample);
        _latest = sample;
        if (status.Ready)
        {
            _ready.TrySetResult();
        }
    }
}
