using System.Globalization;

namespace Fraud.Orleans.Cli;

/// <summary>Parses "--name value" options and bare "--flag"s against the sets a command accepts, reporting every problem at once.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public CommandLine(IReadOnlyList<string> args, IReadOnlySet<string> known, IReadOnlySet<string>? flags = null)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                _errors.Add($"unexpected argument '{arg}'");
                continue;
            }

            var name = arg[2..];
            if (flags?.Contains(name) == true)
            {
                _flags.Add(name);
                continue;
            }

            if (!known.Contains(name))
            {
                var all = known.Concat(flags ?? new HashSet<string>()).Order().Select(k => "--" + k);
                _errors.Add($"unknown option '{arg}' (known: {string.Join(", ", all)})");
                continue;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _errors.Add($"option '{arg}' needs a value");
                continue;
            }

            _values[name] = args[++i];
        }
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
