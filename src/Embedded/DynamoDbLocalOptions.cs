using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Embedded;

public sealed record DynamoDbLocalOptions
{
    /// <summary>
    /// Folder for the database file; created when missing. <c>null</c> keeps everything in memory, so
    /// the data dies with the Java process (and does not survive <see cref="DynamoDbLocal.RestartAsync"/>).
    /// </summary>
    public string? DbPath { get; init; }

    /// <summary>TCP port to serve on; 0 picks a free one (kept across <see cref="DynamoDbLocal.RestartAsync"/>).</summary>
    public int Port { get; init; }

    /// <summary>How long a start (or restart) may take before it is abandoned; the JVM needs a few seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The <c>java</c> executable: a path, or a name looked up on PATH (then under $JAVA_HOME/bin).</summary>
    public string JavaPath { get; init; } = "java";

    /// <summary>Extra JVM arguments placed before <c>-jar</c>, e.g. <c>-Xmx512m</c>.</summary>
    public IReadOnlyList<string> JvmOptions { get; init; } = [];

    /// <summary>Folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/; <c>null</c> resolves the ./fraud setup install.</summary>
    public string? InstallDirectory { get; init; }

    public ILogger? Logger { get; init; }
}
