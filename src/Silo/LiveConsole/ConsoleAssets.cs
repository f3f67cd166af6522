using System.Reflection;

namespace Fraud.Orleans.Silo.LiveConsole;

/// <summary>
/// The console's static files, embedded in the silo's assembly (<c>LiveConsole/Assets</c>, logical names
/// <c>console/NAME</c>): the page works offline and ships with the silo, with nothing to build and no CDN.
/// </summary>
public static class ConsoleAssets
{
    /// <summary>File name to media type: the only files there are, each served under <c>/console/NAME</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> MediaTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["console.html"] = "text/html; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
        ["console.css"] = "text/css; charset=utf-8",
        ["icon.svg"] = "image/svg+xml",
    };

    /// <summary>The bytes of <paramref name="name"/>, read once at start-up.</summary>
    public static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("console/" + name)
            ?? throw new InvalidOperationException($"the silo assembly has no embedded console/{name}: {string.Join(", ", ResourceNames())}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static IEnumerable<string> ResourceNames() => typeof(ConsoleAssets).Assembly.GetManifestResourceNames();
}
