using Fraud.Orleans.Cli.Capacity;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Cli;

/// <summary>The capacity model's arithmetic on constants chosen so that every figure can be worked out by hand, and the checked-in constants' file.</summary>
public sealed class CapacityModelTests
{
    // 100 µs an event on 4 vCPU at 50 %: 20,000 tx/s a silo. Cards at 1 transaction a day keep 61 events of 200 bytes
    // (12,200 B: 12 WRU, 3 RRU); their share of first-in-window transactions is ~1 (1/86,400 a second). An idle
    // timeout of 6 s keeps the active cards few enough that CPU, not memory, sizes the silos (but where tested).
    private static readonly Dictionary<string, double> Values = new()
    {
        ["silo_cpu_us_per_event"] = 100, ["silo_base_memory_mb"] = 512, ["memory_per_active_card_kb"] = 20, ["state_bytes_per_event"] = 200,
        ["state_item_bytes_mean"] = 2_000, ["review_items_per_transaction"] = 0.05, ["hot_card_ceiling_tx_s"] = 900,
        ["dynamodb_wru_usd_per_million"] = 0.625, ["dynamodb_rru_usd_per_million"] = 0.125, ["dynamodb_table_wru_per_s_quota"] = 40_000,
        ["silo_vcpu"] = 4, ["silo_memory_gb"] = 32, ["target_cpu_utilisation"] = 0.5, ["target_memory_utilisation"] = 0.5, ["checkpoint_interval_s"] = 30, ["session_timeout_s"] = 6,
        ["idle_timeout_s"] = 6, ["card_transactions_per_day"] = 1, ["max_events_kept"] = 1_500, ["retention_days"] = 61,
    };

    private static CapacityConstants Constants(Action<Dictionary<string, double>>? change = null)
    {
        var values = new Dictionary<string, double>(Values);
        change?.Invoke(values);
        var body = string.Join(",", values.Select(v => $"\"{v.Key}\": {{ \"value\": {v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, \"unit\": \"u\", \"source\": \"test\", \"date\": \"2026-12-05\" }}"));
        return CapacityConstants.Parse($"{{ \"constants\": {{ {body} }} }}");
    }

    [Theory]
    [InlineData(1, 2, 4)] // never fewer than two silos: one may fail
    [InlineData(20_000, 2, 4)]
    [InlineData(40_000, 2, 4)]
    [InlineData(40_001, 3, 8)] // a third silo, and partitions a power of two ≥ 2 × silos
    [InlineData(100_000, 5, 16)]
    public void Silos_round_up_to_the_target_utilisation_and_partitions_to_a_power_of_two_at_least_twice_the_silos(int rate, int silos, int partitions)
    {
        var plan = CapacityModel.Plan(rate, Constants());

        Assert.Equal(silos, plan.Silos);
        Assert.Equal(partitions, plan.Partitions);
        Assert.True(plan.Partitions >= plan.Silos);
        Assert.Equal(20_000, plan.PerSiloRate, 6);
    }

    [Fact]
    public void DynamoDB_writes_are_the_signal_its_review_case_and_a_whole_state_item_per_changed_card()
    {
        var plan = CapacityModel.Plan(10_000, Constants());

        Assert.Equal(61, plan.EventsPerCard);
        Assert.Equal(12_200 / 1024.0, plan.StateItemKb, 6);
        Assert.InRange(plan.StateWritesPerTransaction, 0.9998, 1); // a card seen once a day changes once per 30 s checkpoint
        Assert.Equal(1 + 0.05 + plan.StateWritesPerTransaction, plan.ItemsPerTransaction, 9);
        Assert.Equal(1 + 0.05 + (plan.StateWritesPerTransaction * 12), plan.WruPerTransaction, 9);
        Assert.InRange(plan.RruPerTransaction, 2.98, 3); // 3 RRU for the few whose card was not active
        Assert.Equal((plan.WruPerTransaction * 0.625) + (plan.RruPerTransaction * 0.125), plan.UsdPerMillionTransactions, 9);
        Assert.Equal(plan.UsdPerMillionTransactions * 10_000 * 30 * 86_400 / 1e6, plan.UsdPerMonth, 6);
        Assert.Equal(plan.WruPerTransaction * 10_000, plan.WruPerSecond, 6);
    }

    [Fact]
    public void A_busy_card_is_written_once_per_checkpoint_and_keeps_at_most_the_cap()
    {
        // 10,000 a day: 3.5 in a 30 s interval, so a state write covers several transactions; 610,000 in 61 days, capped.
        var plan = CapacityModel.Plan(10_000, Constants(v => v["card_transactions_per_day"] = 10_000));

        Assert.Equal(1_500, plan.EventsPerCard);
        var expected = 10_000 / 86_400.0 * 30;
        Assert.Equal((1 - Math.Exp(-expected)) / expected, plan.StateWritesPerTransaction, 9);
        Assert.True(plan.StateWritesPerTransaction < 0.3);
    }

    [Fact]
    public void Replay_after_a_failure_is_the_failed_silos_share_over_an_interval_and_a_session_timeout_decided_on_spare_cpu()
    {
        var plan = CapacityModel.Plan(60_000, Constants());

        // 3 silos of 40,000 tx/s at full CPU: the 2 survivors have 80,000 − 60,000 spare.
        Assert.Equal(3, plan.Silos);
        Assert.Equal(20_000.0 * 36, plan.ReplayRecords, 6);
        Assert.Equal(720_000 / 20_000.0, plan.ReplaySeconds, 6);
        Assert.Equal(double.PositiveInfinity, CapacityModel.Plan(60_000, Constants(v => v["target_cpu_utilisation"] = 0.9)).ReplaySeconds);
    }

    [Fact]
    public void Memory_per_silo_is_its_base_and_its_share_of_the_active_cards_at_the_production_cards_size()
    {
        var plan = CapacityModel.Plan(10_000, Constants());

        // The bench's cards kept 10 events (2,000 B): 20 KB − 1.95 KB of events is a card's own cost; production cards add 61 events.
        var perCardKb = 20 - (2_000 / 1024.0) + (61 * 200 / 1024.0);
        Assert.Equal(10_000 * 6 * CapacityModel.FirstInWindowShare(1 / 86_400.0, 6), plan.ActiveCards, 6);
        Assert.Equal((512 / 1024.0) + (plan.ActiveCards / 2 * perCardKb / 1024 / 1024), plan.MemoryPerSiloGb, 6);

        // Ten minutes idle: 6 million active cards, ~171 GB, in silos of 16 GB usable less their 0.5 GB base.
        var memoryBound = CapacityModel.Plan(10_000, Constants(v => v["idle_timeout_s"] = 600));
        var cardsGb = memoryBound.ActiveCards * perCardKb / 1024 / 1024;
        Assert.Equal((int)Math.Ceiling(cardsGb / 15.5), memoryBound.MemorySilos);
        Assert.Equal(memoryBound.MemorySilos, memoryBound.Silos);
        Assert.True(memoryBound.Silos > memoryBound.CpuSilos && memoryBound.MemoryPerSiloGb <= 16);
        Assert.InRange(memoryBound.Limits.Single(l => l.Limit.StartsWith("silo memory", StringComparison.Ordinal)).Use, 0.5, 1);
    }

    [Fact]
    public void A_constants_file_missing_a_constant_or_a_source_is_refused()
    {
        Assert.Contains("missing constants: silo_vcpu", Assert.Throws<InvalidDataException>(() => Constants(v => v.Remove("silo_vcpu"))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Constants(v => v["silo_vcpu"] = -1));
        Assert.Throws<InvalidDataException>(() => CapacityConstants.Parse("{ \"constants\": "));
        Assert.Throws<InvalidDataException>(() => CapacityConstants.Parse("{}"));
    }

    [Fact]
    public void The_checked_in_constants_load_and_name_a_source_and_a_date_each()
    {
        var constants = CapacityConstants.Load(Path.Combine(RepositoryPaths.Root, CapacityConstants.DefaultPath));

        Assert.All(constants.All, c => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", c.Value.Date));
        Assert.Equal(CapacityConstants.Required.Order(), constants.All.Select(c => c.Key).Where(CapacityConstants.Required.Contains).Order());
        Assert.True(CapacityModel.Plan(100_000, constants).Silos >= 2);
    }
}
