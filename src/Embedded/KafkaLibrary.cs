using System.Reflection;
using System.Runtime.InteropServices;

namespace Fraud.Orleans.Embedded;

/// <summary>
/// The mock cluster's functions must come from the very librdkafka the Kafka client loaded (librdkafka.redist,
/// whose self-contained build the build copies over librdkafka.so), never from a system copy of another version.
/// </summary>
internal static class KafkaLibrary
{
    public static nint ResolveForMockCluster(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "librdkafka")
        {
            return 0;
        }

        // Loading the client's library first makes the one below a reference to the same loaded image.
        _ = Confluent.Kafka.Library.VersionString;
        foreach (var candidate in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "librdkafka.so"),
                     Path.Combine(AppContext.BaseDirectory, "librdkafka.so"),
                 })
        {
            if (File.Exists(candidate))
            {
                return NativeLibrary.Load(candidate);
            }
        }

        throw new DllNotFoundException(
            $"librdkafka.so from librdkafka.redist not found under {AppContext.BaseDirectory} (runtimes/linux-x64/native or beside the binary)");
    }
}
