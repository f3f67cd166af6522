using System.Globalization;

namespace Fraud.Orleans.Tests.Support;

/// <summary>Reads a <c>/metrics</c> scrape.</summary>
public static class PrometheusText
{
    /// <summary>Prometheus text format: one sample per line, <c>name{labels} value [timestamp]</c>; comments start with #.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var labelsEnd = line.LastIndexOf('}');
            var nameEnd = line.IndexOf(' ', labelsEnd < 0 ? 0 : labelsEnd);
            var fields = line[(nameEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            samples[line[..nameEnd]] = double.Parse(fields[0], CultureInfo.InvariantCulture);
        }

        return samples;
    }

    /// <summary>The sum over every label set of one metric.</summary>
    public static double Sum(Dictionary<string, double> samples, string name) =>
        samples.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)).Sum(s => s.Value);
}
