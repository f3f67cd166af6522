namespace Fraud.Orleans.Cli.Capacity;

/// <summary>
/// Sizes a deployment for a rate from the measured constants (docs/capacity.md explains each step). Pure arithmetic,
/// so that the unit tests can check it and the doc's tables are this model's output.
/// </summary>
public static class CapacityModel
{
    /// <summary>Seconds in the 30-day month the monthly cost is given for.</summary>
    public const double SecondsPerMonth = 30 * 86_400;

    private const double KiB = 1024;

    public static CapacityPlan Plan(int rate, CapacityConstants c)
    {
        var cpuUs = c.Value("silo_cpu_us_per_event");
        var siloVcpu = c.Value("silo_vcpu");
        var utilisation = c.Value("target_cpu_utilisation");
        var vcpuBusy = rate * cpuUs / 1e6;
        var perSiloRate = siloVcpu * utilisation * 1e6 / cpuUs;

        // At least two: one silo's failure must leave a survivor.
        var cpuSilos = Math.Max(2, (int)Math.Ceiling(rate / perSiloRate));

        // A card's own rate; the share of transactions that find their card without a live activation, or already
        // changed in the current checkpoint interval, follow from it (Poisson arrivals per card).
        var perCardRate = c.Value("card_transactions_per_day") / 86_400;
        var stateWrites = FirstInWindowShare(perCardRate, c.Value("checkpoint_interval_s"));
        var idle = c.Value("idle_timeout_s");
        var activeCards = rate * idle * FirstInWindowShare(perCardRate, idle);
        var activations = FirstInWindowShare(perCardRate, idle);

        var eventsPerCard = Math.Min(c.Value("max_events_kept"), c.Value("card_transactions_per_day") * c.Value("retention_days"));
        // The item's header, key, ETag and fence add a few hundred bytes, inside the rounding to whole request units.
        var stateBytes = eventsPerCard * c.Value("state_bytes_per_event");
        var benchEvents = Math.Max(0, c.Value("state_item_bytes_mean") / c.Value("state_bytes_per_event"));

        // Memory per activation beyond its events, as the bench measured it, plus the events a production card keeps.
        var perCardOverheadKb = Math.Max(0, c.Value("memory_per_active_card_kb") - (benchEvents * c.Value("state_bytes_per_event") / KiB));
        var perCardKb = perCardOverheadKb + (eventsPerCard * c.Value("state_bytes_per_event") / KiB);
        // Enough silos that each holds its share of the active cards within the target share of its memory.
        var cardsGb = activeCards * perCardKb / KiB / KiB;
        var usableGb = (c.Value("silo_memory_gb") * c.Value("target_memory_utilisation")) - (c.Value("silo_base_memory_mb") / KiB);
        var memorySilos = usableGb <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Ceiling(cardsGb / usableGb));
        var silos = Math.Max(cpuSilos, memorySilos);
        var memoryPerSiloGb = (c.Value("silo_base_memory_mb") / KiB) + (cardsGb / silos);

        var reviews = c.Value("review_items_per_transaction");
        var stateWru = Math.Ceiling(stateBytes / KiB); // an UpdateItem is charged for the larger of the item before and after
        var wruPerTx = 1 + reviews + (stateWrites * stateWru);
        var rruPerTx = activations * Math.Ceiling(stateBytes / (4 * KiB));
        var usdPerMillion = (wruPerTx * c.Value("dynamodb_wru_usd_per_million")) + (rruPerTx * c.Value("dynamodb_rru_usd_per_million"));

        var replay = rate / (double)silos * (c.Value("checkpoint_interval_s") + c.Value("session_timeout_s"));
        var capacityPerSilo = siloVcpu * 1e6 / cpuUs;
        var spare = ((silos - 1) * capacityPerSilo) - rate;
        var wruPerSecond = rate * wruPerTx;

        return new CapacityPlan
        {
            Rate = rate,
            VcpuBusy = vcpuBusy,
            Silos = silos,
            CpuSilos = cpuSilos,
            MemorySilos = memorySilos,
            SiloVcpu = siloVcpu,
            ActiveCards = activeCards,
            MemoryPerSiloGb = memoryPerSiloGb,
            Partitions = Partitions(silos),
            PerSiloRate = perSiloRate,
            EventsPerCard = eventsPerCard,
            StateItemKb = stateBytes / KiB,
            StateWritesPerTransaction = stateWrites,
            ItemsPerTransaction = 1 + reviews + stateWrites,
            WruPerTransaction = wruPerTx,
            WruPerSecond = wruPerSecond,
            RruPerTransaction = rruPerTx,
            UsdPerMillionTransactions = usdPerMillion,
            UsdPerMonth = usdPerMillion * rate * SecondsPerMonth / 1e6,
            ReplayRecords = replay,
            ReplaySeconds = spare > 0 ? replay / spare : double.PositiveInfinity,
            Limits = new List<(string, double, string)>
            {
                ("silo CPU (of the target utilisation)", vcpuBusy / (silos * siloVcpu * utilisation),
                    "process CPU per silo; Kafka consumer-group lag (e.g. MSK SumOffsetLag); fraud_decision_latency p99"),
                ("silo memory (of the target utilisation)", memoryPerSiloGb / (c.Value("silo_memory_gb") * c.Value("target_memory_utilisation")),
                    "fraud_cards_active per silo; process RSS; GC heap size"),
                ("DynamoDB table write quota", wruPerSecond / c.Value("dynamodb_table_wru_per_s_quota"),
                    "CloudWatch ConsumedWriteCapacityUnits and WriteThrottleEvents; fraud_storage_retries_total; fraud_signals_pending"),
                ($"one card's grain, near {c.Value("hot_card_ceiling_tx_s"):0} tx/s whatever the total rate", 0,
                    "a partition whose committed offset (fraud_offsets_committed_total, Kafka lag per partition) stops while the others advance; the card's BURST decisions"),
            }.OrderByDescending(l => l.Item2).ToList(),
        };
    }

    /// <summary>
    /// Partitions for <paramref name="silos"/>: a partition is consumed by one silo of the group, so silos beyond the
    /// partition count would idle; a power of two at least twice the silos lets the cluster double without adding
    /// partitions (which moves cards between partitions: murmur2 of the card id modulo the count).
    /// </summary>
    public static int Partitions(int silos)
    {
        var partitions = 1;
        while (partitions < 2 * silos)
        {
            partitions *= 2;
        }

        return partitions;
    }

    /// <summary>
    /// The share of a card's transactions that are its first in a window of <paramref name="windowSeconds"/>, for
    /// Poisson arrivals at <paramref name="perCardRate"/> a second: expected windows with a transaction over expected
    /// transactions. 1 when a card's transactions are far apart, falling towards 0 for a hot card.
    /// </summary>
    public static double FirstInWindowShare(double perCardRate, double windowSeconds)
    {
        var expected = perCardRate * windowSeconds;
        return expected < 1e-9 ? 1 : (1 - Math.Exp(-expected)) / expected;
    }

}
