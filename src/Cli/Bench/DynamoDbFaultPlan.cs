using System.Globalization;
using Fraud.Orleans.Embedded;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>
/// <c>--dynamodb-faults throttle=0.2[,error=0.05][,drop=0.01][,slow=0.1,delay=300ms][,ops=BatchWriteItem+UpdateItem][,after=10s][,for=30s]</c>:
/// the faults a <see cref="DynamoDbFaultProxy"/> in front of the silo's DynamoDB injects, from <see cref="AfterSeconds"/>
/// into the load for <see cref="ForSeconds"/> (null: to the end of the phase).
/// </summary>
public sealed record DynamoDbFaultPlan(string Spec, DynamoDbFaults Faults, double AfterSeconds, double? ForSeconds)
{
    public double? OffAtSeconds => AfterSeconds + ForSeconds;

    public static DynamoDbFaultPlan? Parse(string spec, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var faults = new DynamoDbFaults();
        double after = 0;
        double? duration = null;
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (part[..eq], part[(eq + 1)..]) : (part, "");
            switch (key)
            {
                case "throttle": faults = faults with { Throttle = Share(value) }; break;
                case "error": faults = faults with { Error = Share(value) }; break;
                case "drop": faults = faults with { Drop = Share(value) }; break;
                case "slow": faults = faults with { Slow = Share(value) }; break;
                case "delay": faults = faults with { SlowDelay = TimeSpan.FromSeconds(Seconds(value)) }; break;
                case "ops": faults = faults with { Operations = value.Split('+', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) }; break;
                case "after": after = Seconds(value); break;
                case "for": duration = Seconds(value); break;
                default: problems.Add($"--dynamodb-faults: unknown '{key}' (throttle, error, drop, slow, delay, ops, after, for)"); break;
            }
        }

        problems.AddRange(faults.Validate().Select(p => $"--dynamodb-faults: {p}"));
        if (!faults.Any)
        {
            problems.Add("--dynamodb-faults: no fault given (e.g. throttle=0.2)");
        }

        errors = problems;
        return problems.Count == 0 ? new DynamoDbFaultPlan(spec, faults, after, duration) : null;

        double Share(string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
            {
                return share;
            }

            problems.Add($"--dynamodb-faults: '{text}' is not a share (0..1)");
            return 0;
        }

        // 30s, 500ms or a bare number of seconds.
        double Seconds(string text)
        {
            var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
                : text.EndsWith('s') ? (text[..^1], 1.0) : (text, 1.0);
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return value * scale;
            }

            problems.Add($"--dynamodb-faults: '{text}' is not a duration (30s, 500ms)");
            return 0;
        }
    }
}
