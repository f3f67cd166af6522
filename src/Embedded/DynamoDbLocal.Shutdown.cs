using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Fraud.Orleans.Embedded;

// Stopping the Java process, on request or when this process exits, and cleaning up after it.
public sealed partial class DynamoDbLocal
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    // Every server not yet disposed, for the process-exit hooks to kill.
    private static readonly ConcurrentDictionary<DynamoDbLocal, byte> Live = new();
    private static int s_exitHooksInstalled;

    private string? _workingDirectory;

    private async Task StopCoreAsync()
    {
        if (await KillAndWaitAsync().ConfigureAwait(false) is { } process)
        {
            Log.Stopped(_logger, Port, process.Id);
            process.Dispose();
        }
    }

    /// <summary>
    /// Kills the current process, waits for it (bounded by <see cref="StopTimeout"/>), removes its working
    /// directory and returns it to be disposed; <c>null</c> when none was running.
    /// </summary>
    private async Task<Process?> KillAndWaitAsync()
    {
        if (Kill() is not { } process)
        {
            // A launch that failed before its process was attached may still have left a directory.
            DeleteWorkingDirectory();
            return null;
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.StopTimedOut(_logger, process.Id, StopTimeout.TotalSeconds);
        }

        DeleteWorkingDirectory();
        return process;
    }

    /// <summary>Detaches the current process and kills it with its children; returns it to be waited for.</summary>
    private Process? Kill()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return null;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception ex)
        {
            Log.KillFailed(_logger, ex, process.Id);
        }

        return process;
    }

    private void OnExited(Process process)
    {
        // Stop and Kill detach the process first, so only an exit nobody asked for is still attached.
        if (ReferenceEquals(Volatile.Read(ref _process), process))
        {
            Log.ExitedUnexpectedly(_logger, process.Id, process.ExitCode);
        }
    }

    /// <summary>A fresh, empty directory for the next launch; any left from an earlier one is removed.</summary>
    private string CreateWorkingDirectory()
    {
        var path = Directory.CreateTempSubdirectory("dynamodb-local-").FullName;
        if (Interlocked.Exchange(ref _workingDirectory, path) is { } previous)
        {
            TryDeleteDirectory(previous);
        }

        return path;
    }

    /// <summary>Best effort: only called once the process is gone (or was never started), but never throws.</summary>
    private void DeleteWorkingDirectory()
    {
        if (Interlocked.Exchange(ref _workingDirectory, null) is { } path)
        {
            TryDeleteDirectory(path);
        }
    }

    private void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // On Windows a JVM that has not quite exited still holds its working directory open.
            Log.WorkingDirectoryNotRemoved(_logger, ex, path);
        }
    }

    private static void InstallExitHooks()
    {
        if (Interlocked.Exchange(ref s_exitHooksInstalled, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

        // Only where there is no watchdog: a Ctrl+C handler cannot know whether a handler registered
        // before it (the generic host's, say) will cancel the signal to shut down gracefully, and killing
        // the server then would fail that shutdown's last writes. On Unix the watchdog covers Ctrl+C.
        if (OperatingSystem.IsWindows())
        {
            Console.CancelKeyPress += (_, e) =>
            {
                if (!e.Cancel)
                {
                    KillAll();
                }
            };
        }
    }

    private static void KillAll()
    {
        foreach (var server in Live.Keys)
        {
            server.Kill()?.WaitForExit(TimeSpan.FromSeconds(2));
            server.DeleteWorkingDirectory();
        }
    }
}
