using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Fraud.Orleans.Embedded;

// Starting the Java process: the port choice, the command line, the output handlers, and the retry when
// another process grabs a free port before the JVM binds it.
public sealed partial class DynamoDbLocal
{
    private const int LogCapacityLines = 400;
    private const int LogLineMaxChars = 2_000;
    private const int LogTailLinesInErrors = 40;
    private const int PortRaceAttempts = 3;

    // Our stdin is a pipe from this process: whenever this process ends, however it ends (SIGKILL, a crash,
    // an unhandled SIGINT, none of which raise ProcessExit), the kernel closes it, the watcher sees EOF and
    // kills the JVM, which by then has taken over this shell's pid through exec.
    private const string WatchdogScript = """
        exec 3<&0
        ( while read -r _ <&3; do :; done; kill -KILL $$ 2>/dev/null ) </dev/null >/dev/null 2>&1 &
        exec "$@" </dev/null 3<&-
        """;

    private TaskCompletionSource? _mainThreadDied;

    private async Task LaunchAsync(int requestedPort, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var port = requestedPort;
            if (port == 0)
            {
                port = TcpPorts.PickFree();
            }
            else if (!TcpPorts.IsFree(port))
            {
                // Checked first because a server already there would answer our readiness probe for us.
                throw new DynamoDbLocalException($"Cannot start DynamoDB Local: port {port} is already in use by another process.");
            }

            var mainThreadDied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _mainThreadDied, mainThreadDied);
            var process = StartJava(port);
            StartOutcome outcome;
            Exception? lastError;
            try
            {
                (outcome, lastError) = await WaitUntilReadyAsync(
                    process, port, mainThreadDied.Task, _options.StartTimeout - clock.Elapsed, ct).ConfigureAwait(false);
            }
            catch
            {
                (await KillAndWaitAsync().ConfigureAwait(false))?.Dispose();
                throw;
            }

            if (outcome == StartOutcome.Ready)
            {
                Port = port;
                ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
                Log.Started(_logger, ServiceUrl, process.Id, _dbPath ?? "in memory", clock.ElapsedMilliseconds);
                return;
            }

            var exitCode = outcome == StartOutcome.Exited ? process.ExitCode : 0;

            // Also drains the output pipes, so that the log tail below has the JVM's last words.
            (await KillAndWaitAsync().ConfigureAwait(false))?.Dispose();

            // Between PickFree and the JVM binding, another process may take the port; try another.
            if (outcome != StartOutcome.TimedOut && requestedPort == 0 && attempt < PortRaceAttempts &&
                clock.Elapsed < _options.StartTimeout && RecentLog.Contains("Address already in use", StringComparison.Ordinal))
            {
                Log.PortRace(_logger, port);
                continue;
            }

            var why = outcome switch
            {
                StartOutcome.Exited => $"exited with code {exitCode} before it was ready",
                StartOutcome.MainThreadDied => "failed to start (its main thread died)",
                _ => $"was not ready after {_options.StartTimeout.TotalSeconds:0.#} s" + (lastError is null ? "" : $" (last probe: {lastError.Message})"),
            };
            throw new DynamoDbLocalException(
                $"DynamoDB Local on port {port} {why}. Last output:\n{_log.Tail(LogTailLinesInErrors)}", lastError);
        }
    }

    private Process StartJava(int port)
    {
        var arguments = ServerArguments(port);
        var startInfo = StartInfoFor(arguments);

        // DynamoDB Local writes dynamodb-local-metadata.json into its working directory, even in memory;
        // a scratch folder of its own keeps that out of whatever directory our caller runs in.
        startInfo.WorkingDirectory = CreateWorkingDirectory();

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        process.Exited += (_, _) => OnExited(process);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            DeleteWorkingDirectory();
            throw new DynamoDbLocalException($"Could not start {startInfo.FileName}: {ex.Message}", ex);
        }

        OnOutput($"--- pid {process.Id}: {_javaPath} {string.Join(' ', arguments)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Volatile.Write(ref _process, process);

        // A Dispose that ran while we were launching would have missed this process.
        if (Volatile.Read(ref _disposed) != 0)
        {
            Kill()?.Dispose();
            DeleteWorkingDirectory();
            throw new ObjectDisposedException(nameof(DynamoDbLocal));
        }

        return process;
    }

    /// <summary>The JVM's arguments, from the JVM options to the server's own flags.</summary>
    private List<string> ServerArguments(int port)
    {
        var arguments = new List<string>(_options.JvmOptions)
        {
            $"-Djava.library.path={Path.Combine(_installDirectory, "DynamoDBLocal_lib")}",
            "-jar",
            Path.Combine(_installDirectory, "DynamoDBLocal.jar"),
            "-port",
            port.ToString(CultureInfo.InvariantCulture),
        };

        // -sharedDb in memory too: without it the server keeps one database per access key and region,
        // and a client built elsewhere with other dummy credentials would see no tables.
        arguments.AddRange(_dbPath is null ? ["-inMemory", "-sharedDb"] : ["-dbPath", _dbPath, "-sharedDb"]);
        arguments.Add("-disableTelemetry");
        return arguments;
    }

    /// <summary>Java itself on Windows; elsewhere Java behind <see cref="WatchdogScript"/>. Output is captured.</summary>
    private ProcessStartInfo StartInfoFor(List<string> arguments)
    {
        ProcessStartInfo startInfo;
        if (OperatingSystem.IsWindows())
        {
            startInfo = new ProcessStartInfo(_javaPath);
        }
        else
        {
            startInfo = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(WatchdogScript);
            startInfo.ArgumentList.Add("dynamodb-local");
            startInfo.ArgumentList.Add(_javaPath);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        return startInfo;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Length > LogLineMaxChars)
        {
            line = string.Concat(line.AsSpan(0, LogLineMaxChars), "…");
        }

        // When startup fails (the port is taken, say) the JVM does not exit: Jetty's threads keep it alive.
        if (line.StartsWith("Exception in thread \"main\"", StringComparison.Ordinal))
        {
            Volatile.Read(ref _mainThreadDied)?.TrySetResult();
        }

        _log.Add(line);
        Log.Output(_logger, line);
    }
}
