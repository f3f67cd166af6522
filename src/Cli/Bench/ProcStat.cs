using System.Globalization;

namespace Fraud.Orleans.Cli.Bench;

/// <summary>CPU time and peak memory of any process on this machine, from /proc (Linux only, as the bench is).</summary>
public static class ProcStat
{
    // USER_HZ: /proc/PID/stat counts CPU in clock ticks of 1/100 s on every Linux the project runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of process <paramref name="pid"/> (all its threads); null once it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }

    /// <summary>Peak resident set (VmHWM) of process <paramref name="pid"/> in MiB; null once it is gone.</summary>
    public static double? PeakRssMb(int pid) => StatusMb(pid, "VmHWM:");

    /// <summary>Resident set now (VmRSS) of process <paramref name="pid"/> in MiB; null once it is gone.</summary>
    public static double? RssMb(int pid) => StatusMb(pid, "VmRSS:");

    private static double? StatusMb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
