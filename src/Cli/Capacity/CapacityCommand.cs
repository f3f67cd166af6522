using System.Globalization;

namespace Fraud.Orleans.Cli.Capacity;

/// <summary><c>fraud capacity --rate R</c>: the capacity model (docs/capacity.md) for one rate, from the checked-in constants.</summary>
public static class CapacityCommand
{
    public static int Run(CommandLine args)
    {
        var options = CapacityOptions.Parse(args, out var errors);
        if (options is null)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"fraud capacity: {error}");
            }

            Console.Error.WriteLine("see 'fraud capacity --help'");
            return 2;
        }

        CapacityConstants constants;
        try
        {
            constants = CapacityConstants.Load(options.ConstantsPath).With(options.Overrides);
        }
        catch (InvalidDataException ex)
        {
            Console.Error.WriteLine($"fraud capacity: {ex.Message}");
            return 2;
        }

        Print(CapacityModel.Plan(options.Rate, constants), constants, Console.Out);
        return 0;
    }

    public static void Print(CapacityPlan p, CapacityConstants c, TextWriter output)
    {
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(F($"Capacity for {p.Rate:N0} tx/s (constants: {CapacityConstants.DefaultPath}; sources at the end)"));
        output.WriteLine();
        output.WriteLine("Silos");
        output.WriteLine(F($"  CPU busy            {p.VcpuBusy:0.0} vCPU ({c.Value("silo_cpu_us_per_event"):0.0} µs per transaction)"));
        output.WriteLine(F($"  silos               {p.Silos} × {p.SiloVcpu:0} vCPU / {c.Value("silo_memory_gb"):0} GB: {p.CpuSilos} for CPU (each up to {p.PerSiloRate:N0} tx/s at {c.Value("target_cpu_utilisation"):P0}), {p.MemorySilos} for the active cards' memory (at {c.Value("target_memory_utilisation"):P0}); at least 2"));
        output.WriteLine(F($"  active cards        {p.ActiveCards:N0} (a transaction within the {c.Value("idle_timeout_s"):0} s idle timeout), {p.EventsPerCard:0} events each"));
        output.WriteLine(F($"  memory per silo     {p.MemoryPerSiloGb:0.0} GB (of {c.Value("silo_memory_gb"):0} GB)"));
        output.WriteLine();
        output.WriteLine("Kafka");
        output.WriteLine(F($"  partitions          {p.Partitions} (a partition is consumed by one silo: silos beyond the count idle;"));
        output.WriteLine("                      a power of two ≥ 2 × silos lets the cluster double without re-partitioning, which moves cards)");
        output.WriteLine();
        output.WriteLine("DynamoDB (on-demand)");
        output.WriteLine(F($"  items / transaction {p.ItemsPerTransaction:0.00} = 1 signal + {c.Value("review_items_per_transaction"):0.000} review case + {p.StateWritesPerTransaction:0.000} state write (one per changed card per checkpoint)"));
        output.WriteLine(F($"  state item          {p.StateItemKb:0.0} KB ({p.EventsPerCard:0} events × {c.Value("state_bytes_per_event"):0} B): {Math.Ceiling(p.StateItemKb):0} WRU per state write"));
        output.WriteLine(F($"  write units         {p.WruPerTransaction:0.0} WRU per transaction, {p.WruPerSecond:N0} WRU/s (default table quota {c.Value("dynamodb_table_wru_per_s_quota"):N0})"));
        output.WriteLine(F($"  read units          {p.RruPerTransaction:0.0} RRU per transaction (state read on activation)"));
        output.WriteLine(F($"  cost                ${p.UsdPerMillionTransactions:0.00} per million transactions, ${p.UsdPerMonth:N0} per 30-day month at a steady {p.Rate:N0} tx/s"));
        output.WriteLine(F($"                      (${c.Value("dynamodb_wru_usd_per_million"):0.000}/M WRU, ${c.Value("dynamodb_rru_usd_per_million"):0.000}/M RRU: {c["dynamodb_wru_usd_per_million"].Source}, {c["dynamodb_wru_usd_per_million"].Date})"));
        output.WriteLine();
        output.WriteLine("After a silo fails");
        output.WriteLine(F($"  replay              up to {p.ReplayRecords:N0} records (its share of the rate × ({c.Value("checkpoint_interval_s"):0} s checkpoint interval + {c.Value("session_timeout_s"):0} s session timeout))"));
        output.WriteLine(double.IsFinite(p.ReplaySeconds)
            ? F($"  caught up in        {p.ReplaySeconds:0.0} s on the survivors' spare CPU")
            : "  caught up in        never: the survivors have no spare CPU (add a silo)");
        output.WriteLine();
        output.WriteLine("What breaks first (use of each limit, highest first)");
        foreach (var (limit, use, metric) in p.Limits)
        {
            output.WriteLine(F($"  {(use > 0 ? $"{use:P0}" : "n/a"),5}  {limit}: watch {metric}"));
        }

        output.WriteLine();
        output.WriteLine("Constants");
        foreach (var (name, constant) in c.All)
        {
            output.WriteLine(F($"  {name} = {constant.Value:0.###} {constant.Unit}  [{constant.Source}; {constant.Date}]"));
        }
    }
}
