using System.Globalization;
using Fraud.Orleans.Embedded;
using Fraud.Orleans.Silo.Hosting;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>How the bench starts the worker of a phase against its embedded Kafka and DynamoDB Local.</summary>
public sealed record WorkerLaunch(string Name, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string SignalTable)
{
    public const string PeerScript = "bench/python-peer/peer.py";
    public const string PeerTable = "peer-signals";
    private const string PeerGroup = "python-peer";

    /// <param name="number">Which worker of the phase, from 1: several silos share the consumer group but not an id.</param>
    /// <param name="dynamoDb">The silo's DynamoDB endpoint instead of the infrastructure's (a fault proxy in front of it).</param>
    public static WorkerLaunch For(
        WorkerKind kind, BenchOptions options, EmbeddedInfrastructure infra, string topic, string logPath, int number = 1, Uri? dynamoDb = null) => kind switch
    {
        WorkerKind.Silo => Silo(options, infra, logPath, number, dynamoDb),
        WorkerKind.Peer => Peer(infra, topic, logPath),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static WorkerLaunch Silo(BenchOptions options, EmbeddedInfrastructure infra, string logPath, int number, Uri? dynamoDb)
    {
        var host = System.Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            arguments.Add(typeof(WorkerLaunch).Assembly.Location); // run as `dotnet fraud.dll`
        }

        arguments.AddRange(["bench", "--worker", "silo", "--log", logPath, "--capacity", options.TransactionCount.ToString(CultureInfo.InvariantCulture)]);
        var environment = infra.SiloSettings().ToDictionary(kv => "FRAUD__" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value ?? "");
        if (dynamoDb is not null)
        {
            environment["FRAUD__DynamoDB__ServiceUrl"] = dynamoDb.ToString();
        }

        // The peer scores the champion alone; so does the silo measured against it (the default shadows a challenger).
        environment["FRAUD__Silo__ChallengerModelPath"] = "";
        environment["FRAUD__Silo__CheckpointInterval"] = TimeSpan.FromSeconds(options.CheckpointIntervalSeconds).ToString("c", CultureInfo.InvariantCulture);
        return new WorkerLaunch(options.Silos > 1 ? $"silo-{number}" : "silo", host, arguments, environment, "fraud-signals");
    }

    private static WorkerLaunch Peer(EmbeddedInfrastructure infra, string topic, string logPath)
    {
        var script = ModelFiles.Resolve(PeerScript);
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"The Python peer '{PeerScript}' was not found from {AppContext.BaseDirectory} upwards.");
        }

        var model = ModelFiles.Resolve("model/fraud-model.onnx");
        return new WorkerLaunch("peer", "/usr/bin/python3",
            [script, "--bootstrap", infra.Kafka.BootstrapServers, "--topic", topic, "--group", PeerGroup,
             "--dynamodb", infra.DynamoDb.ServiceUrl.ToString(), "--table", PeerTable, "--model", model, "--log", logPath],
            new Dictionary<string, string>(), PeerTable);
    }
}
