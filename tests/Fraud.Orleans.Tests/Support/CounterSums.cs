using System.Diagnostics.Metrics;

namespace Fraud.Orleans.Tests.Support;

/// <summary>
/// Sums counters of one meter factory (one silo's, or a test's) by "name/operation/reason" as they are recorded,
/// e.g. <c>Sum("fraud.storage.retries", reason: "throttled")</c>.
/// </summary>
public sealed class CounterSums : IDisposable
{
    private readonly MeterListener _listener;
    private readonly Dictionary<string, double> _sums = [];

    public CounterSums(IMeterFactory scope, params string[] names)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && names.Contains(instrument.Name))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of counter <paramref name="name"/> over the measurements matching the given tags (null: any).</summary>
    public double Sum(string name, string? operation = null, string? reason = null)
    {
        lock (_sums)
        {
            return _sums.Where(s => s.Key.Split('/') is var key && key[0] == name
                && (operation is null || key[1] == operation) && (reason is null || key[2] == reason)).Sum(s => s.Value);
        }
    }

    public string Describe(string name)
    {
        lock (_sums)
        {
            return string.Join(", ", _sums.Where(s => s.Key.StartsWith(name + "/", StringComparison.Ordinal) && s.Value > 0)
                .Select(s => $"{s.Key[(name.Length + 1)..]}={s.Value:0.#}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? operation = null, reason = null;
        foreach (var tag in tags)
        {
            operation = tag.Key == "operation" ? (string?)tag.Value : operation;
            reason = tag.Key == "reason" ? (string?)tag.Value : reason;
        }

        var key = $"{instrument.Name}/{operation}/{reason}";
        lock (_sums)
        {
            _sums[key] = _sums.GetValueOrDefault(key) + value;
        }
    }
}
