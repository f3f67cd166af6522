using System.Globalization;

namespace Fraud.Orleans.Cli;

/// <summary>
/// The options a command was given, as System.CommandLine parsed them (<see cref="CliCommands"/>), with typed reads
/// that check each value's range. Every problem, the parser's and the values', is collected in <see cref="Errors"/>
/// so that one run reports them all.
/// </summary>
public sealed class CommandLine
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly IReadOnlySet<string> _flags;
    private readonly List<string> _errors;

    public CommandLine(IReadOnlyDictionary<string, string> values, IReadOnlySet<string> flags, IEnumerable<string> parseErrors)
    {
        _values = values;
        _flags = flags;
        _errors = [.. parseErrors];
    }

    public IReadOnlyList<string> Errors => _errors;

    public string? String(string name) => _values.GetValueOrDefault(name);

    /// <summary>Whether the bare flag <c>--name</c> was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Whether <c>--name value</c> was given: some options only make sense together with another.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    public int Int(string name, int fallback, int min, int max) => Number(name, fallback, min, max, s => int.Parse(s, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback, double min, double max) => Number(name, fallback, min, max, s => double.Parse(s, CultureInfo.InvariantCulture));

    private T Number<T>(string name, T fallback, T min, T max, Func<string, T> parse) where T : IComparable<T>
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        try
        {
            var value = parse(text);
            if (value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0)
            {
                return value;
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }

        _errors.Add($"--{name} must be a number from {min} to {max} (got '{text}')");
        return fallback;
    }
}
