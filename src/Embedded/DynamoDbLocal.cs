using System.Diagnostics;
using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fraud.Orleans.Embedded;

/// <summary>
/// Amazon DynamoDB Local (a Java server) run as a child process for tests and the embedded demo.
/// The Java process never outlives ours: see <see cref="WatchdogScript"/>.
/// </summary>
/// <remarks>
/// This file holds the public surface. The rest lives in partial files by concern: launching
/// (<c>DynamoDbLocal.Launch.cs</c>), readiness polling (<c>DynamoDbLocal.Readiness.cs</c>), stopping and the
/// process-exit guard (<c>DynamoDbLocal.Shutdown.cs</c>) and log messages (<c>DynamoDbLocal.Log.cs</c>).
/// </remarks>
public sealed partial class DynamoDbLocal : IAsyncDisposable, IDisposable
{
    /// <summary>The region every client signs with; with -sharedDb the server ignores it, the SDK does not.</summary>
    public const string Region = "us-east-1";

    private static readonly BasicAWSCredentials DummyCredentials = new("local", "local");

    private readonly DynamoDbLocalOptions _options;
    private readonly string _javaPath;
    private readonly string _installDirectory;
    private readonly string? _dbPath;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly BoundedLineLog _log = new(LogCapacityLines);
    private Process? _process;
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
    public string RecentLog => _log.Join();

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

        var javaPath = JavaExecutable.Find(options.JavaPath) ?? throw new DynamoDbLocalException(
            $"Cannot run Java: '{options.JavaPath}' " +
            (!JavaExecutable.LooksLikePath(options.JavaPath) ? "is neither on PATH nor in $JAVA_HOME/bin"
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

    /// <summary>
    /// Kills the Java process and waits for it to exit. The port and the database folder stay ours; the
    /// scratch working directory the server ran in is removed.
    /// </summary>
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

        DeleteWorkingDirectory();
    }

    private static AmazonDynamoDBClient NewClient(int port, AmazonDynamoDBConfig config)
    {
        config.ServiceURL = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        config.AuthenticationRegion = Region;
        return new AmazonDynamoDBClient(DummyCredentials, config);
    }
}
