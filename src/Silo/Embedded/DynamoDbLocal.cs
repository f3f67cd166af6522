using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fraud.Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Silo.Embedded;

/// <summary>
/// Amazon DynamoDB Local (a Java server) run as a child process for tests and the embedded demo.
/// The Java process never outlives ours: see <see cref="WatchdogScript"/>.
/// </summary>
public sealed partial class DynamoDbLocal : IAsyncDisposable, IDisposable
{
    /// <summary>The region every client signs with; with -sharedDb the server ignores it, the SDK does not.</summary>
    public const string Region = "us-east-1";

    private const int LogCapacityLines = 400;
    private const int LogLineMaxChars = 2_000;
    private const int LogTailLinesInErrors = 40;
    private const int PortRaceAttempts = 3;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadinessAttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly BasicAWSCredentials DummyCredentials = new("local", "local");

    // Our stdin is a pipe from this process: whenever this process ends, however it ends (SIGKILL, a crash,
    // an unhandled SIGINT, none of which raise ProcessExit), the kernel closes it, the watcher sees EOF and
    // kills the JVM, which by then has taken over this shell's pid through exec.
    private const string WatchdogScript = """
        exec 3<&0
        ( while read -r _ <&3; do :; done; kill -KILL $$ 2>/dev/null ) </dev/null >/dev/null 2>&1 &
        exec "$@" </dev/null 3<&-
        """;

    private static readonly ConcurrentDictionary<DynamoDbLocal, byte> Live = new();
    private static int s_exitHooksInstalled;

    private readonly DynamoDbLocalOptions _options;
    private readonly string _javaPath;
    private readonly string _installDirectory;
    private readonly string? _dbPath;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Queue<string> _log = new();
    private readonly Lock _logGate = new();
    private Process? _process;
    private TaskCompletionSource? _mainThreadDied;
    private int _disposed;

    private DynamoDbLocal(DynamoDbLocalOptions options, string javaPath, string installDirectory, string? dbPath)
    {
        _options = options;
        _javaPath = javaPath;
        _installDirectory = installDirectory;
        _dbPath = dbPath;
        _logger = options.Logger ?? NullLogger.Instance;
        ServiceUrl = new Uri("http://127.0.0.1/");
    }

    /// <summary>http://127.0.0.1:<see cref="Port"/>/ (the server listens on all interfaces).</summary>
    public Uri ServiceUrl { get; private set; }

    public int Port { get; private set; }

    /// <summary>The Java process id while running, else <c>null</c>.</summary>
    public int? ProcessId => Volatile.Read(ref _process)?.Id;

    public bool IsRunning => Volatile.Read(ref _process) is { HasExited: false };

    /// <summary>The last few hundred lines the server (and its launcher) printed, oldest first.</summary>
    public string RecentLog
    {
        get
        {
            lock (_logGate)
            {
                return string.Join('\n', _log);
            }
        }
    }

    public static async Task<DynamoDbLocal> StartAsync(DynamoDbLocalOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DynamoDbLocalOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StartTimeout, TimeSpan.Zero);

        var installDirectory = options.InstallDirectory ?? LocalTools.Resolve("dynamodb-local");
        var jar = Path.Combine(installDirectory, "DynamoDBLocal.jar");
        if (!File.Exists(jar))
        {
            throw new DynamoDbLocalException($"DynamoDB Local is not installed: {jar} does not exist. Run ./fraud setup.");
        }

        var javaPath = FindExecutable(options.JavaPath) ?? throw new DynamoDbLocalException(
            $"Cannot run Java: '{options.JavaPath}' " +
            (!LooksLikePath(options.JavaPath) ? "is neither on PATH nor in $JAVA_HOME/bin"
                : File.Exists(options.JavaPath) ? "is not executable" : "does not exist") +
            ". DynamoDB Local needs Java 17 (apt-get install -y openjdk-17-jre-headless) or DynamoDbLocalOptions.JavaPath.");

        string? dbPath = null;
        if (options.DbPath is not null)
        {
            dbPath = Path.GetFullPath(options.DbPath);
            Directory.CreateDirectory(dbPath);
        }

        var server = new DynamoDbLocal(options, javaPath, Path.GetFullPath(installDirectory), dbPath);
        InstallExitHooks();
        Live.TryAdd(server, 0);
        try
        {
            await server.LaunchAsync(options.Port, ct).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>
    /// A client for this server with short timeouts and at most two retries, so that an outage shows up
    /// quickly instead of hiding behind the SDK's backoff. <paramref name="configure"/> may adjust it.
    /// </summary>
    public AmazonDynamoDBClient CreateClient(Action<AmazonDynamoDBConfig>? configure = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            Timeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            MaxErrorRetry = 2,
        };
        configure?.Invoke(config);
        return NewClient(Port, config);
    }

    /// <summary>Kills the Java process and waits for it to exit. The port and the database folder stay ours.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the server if it runs and starts it again on the same port and database folder, so clients
    /// keep their endpoint and, with a <see cref="DynamoDbLocalOptions.DbPath"/>, the data survives.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            await LaunchAsync(Port, ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Live.TryRemove(this, out _);
        await StopCoreAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Live.TryRemove(this, out _);
        if (Kill() is { } process)
        {
            process.WaitForExit(StopTimeout);
            Log.Stopped(_logger, Port, process.Id);
            process.Dispose();
        }
    }

    private async Task LaunchAsync(int requestedPort, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var port = requestedPort;
            if (port == 0)
            {
                port = PickFreePort();
            }
            else if (!IsPortFree(port))
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

            // Between PickFreePort and the JVM binding, another process may take the port; try another.
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
                $"DynamoDB Local on port {port} {why}. Last output:\n{LogTail(LogTailLinesInErrors)}", lastError);
        }
    }

    private Process StartJava(int port)
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
            throw new ObjectDisposedException(nameof(DynamoDbLocal));
        }

        return process;
    }

    private static async Task<(StartOutcome Outcome, Exception? LastError)> WaitUntilReadyAsync(
        Process process, int port, Task mainThreadDied, TimeSpan budget, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var backoff = FirstBackoff;
        Exception? lastError = null;
        using var client = NewClient(port, new AmazonDynamoDBConfig { Timeout = ReadinessAttemptTimeout, MaxErrorRetry = 0 });
        var exit = process.WaitForExitAsync(ct);
        while (!process.HasExited && !mainThreadDied.IsCompleted && deadline.Elapsed < budget)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(Min(ReadinessAttemptTimeout, Max(budget - deadline.Elapsed, TimeSpan.FromMilliseconds(1))));
            try
            {
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, attempt.Token).ConfigureAwait(false);

                // The port was free before launch, so the answer came from our process unless it died since.
                return (process.HasExited ? StartOutcome.Exited : StartOutcome.Ready, null);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                lastError = ex;
            }

            var remaining = budget - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            // Wake up early if startup fails: a bad argument or a taken port should fail in milliseconds.
            await Task.WhenAny(Task.Delay(Min(backoff, remaining), ct), exit, mainThreadDied).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            backoff = Min(backoff * 2, MaxBackoff);
        }

        return process.HasExited ? (StartOutcome.Exited, lastError)
            : mainThreadDied.IsCompleted ? (StartOutcome.MainThreadDied, lastError)
            : (StartOutcome.TimedOut, lastError);
    }

    private async Task StopCoreAsync()
    {
        if (await KillAndWaitAsync().ConfigureAwait(false) is { } process)
        {
            Log.Stopped(_logger, Port, process.Id);
            process.Dispose();
        }
    }

    private async Task<Process?> KillAndWaitAsync()
    {
        if (Kill() is not { } process)
        {
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

        lock (_logGate)
        {
            _log.Enqueue(line);
            while (_log.Count > LogCapacityLines)
            {
                _log.Dequeue();
            }
        }

        Log.Output(_logger, line);
    }

    private void OnExited(Process process)
    {
        // Stop and Kill detach the process first, so only an exit nobody asked for is still attached.
        if (ReferenceEquals(Volatile.Read(ref _process), process))
        {
            Log.ExitedUnexpectedly(_logger, process.Id, process.ExitCode);
        }
    }

    private string LogTail(int lines)
    {
        lock (_logGate)
        {
            return string.Join('\n', _log.Skip(Math.Max(0, _log.Count - lines)));
        }
    }

    private static AmazonDynamoDBClient NewClient(int port, AmazonDynamoDBConfig config)
    {
        config.ServiceURL = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        config.AuthenticationRegion = Region;
        return new AmazonDynamoDBClient(DummyCredentials, config);
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
        }
    }

    private static int PickFreePort()
    {
        using var socket = BindEveryInterface(0);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var socket = BindEveryInterface(port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The JVM listens dual-stack on every interface, so a port is only free for it when both the IPv4
    // and the IPv6 wildcard are; a dual-mode socket checks both at once.
    private static Socket BindEveryInterface(int port)
    {
        var dualStack = Socket.OSSupportsIPv6;
        var socket = new Socket(dualStack ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualStack)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(dualStack ? IPAddress.IPv6Any : IPAddress.Any, port));
            socket.Listen();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string? FindExecutable(string javaPath)
    {
        if (LooksLikePath(javaPath))
        {
            return IsExecutableFile(javaPath) ? Path.GetFullPath(javaPath) : null;
        }

        var names = OperatingSystem.IsWindows() ? new[] { javaPath, javaPath + ".exe" } : [javaPath];
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (Environment.GetEnvironmentVariable("JAVA_HOME") is { Length: > 0 } javaHome)
        {
            directories.Add(Path.Combine(javaHome, "bin"));
        }

        return directories
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(IsExecutableFile);
    }

    // /bin/sh would run a file without execute permission as a shell script.
    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    private static bool LooksLikePath(string javaPath) =>
        Path.IsPathRooted(javaPath) ||
        javaPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
        javaPath.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private enum StartOutcome
    {
        Ready,
        Exited,
        MainThreadDied,
        TimedOut,
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "DynamoDB Local is up at {ServiceUrl} (pid {ProcessId}, {Storage}) after {ElapsedMs} ms")]
        public static partial void Started(ILogger logger, Uri serviceUrl, int processId, string storage, long elapsedMs);

        [LoggerMessage(2, LogLevel.Information, "DynamoDB Local on port {Port} stopped (pid {ProcessId})")]
        public static partial void Stopped(ILogger logger, int port, int processId);

        [LoggerMessage(3, LogLevel.Warning, "DynamoDB Local (pid {ProcessId}) exited unexpectedly with code {ExitCode}")]
        public static partial void ExitedUnexpectedly(ILogger logger, int processId, int exitCode);

        [LoggerMessage(4, LogLevel.Warning, "DynamoDB Local (pid {ProcessId}) did not exit within {Seconds} s of being killed")]
        public static partial void StopTimedOut(ILogger logger, int processId, double seconds);

        [LoggerMessage(5, LogLevel.Warning, "Could not kill DynamoDB Local (pid {ProcessId})")]
        public static partial void KillFailed(ILogger logger, Exception exception, int processId);

        [LoggerMessage(6, LogLevel.Debug, "Port {Port} was taken before DynamoDB Local could bind it; trying another")]
        public static partial void PortRace(ILogger logger, int port);

        [LoggerMessage(7, LogLevel.Debug, "dynamodb-local: {Line}")]
        public static partial void Output(ILogger logger, string line);
    }
}
