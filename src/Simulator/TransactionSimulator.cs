using System.Globalization;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// The transaction simulator of the fraud-detection handbook (its Chapter 3), written from its description:
/// customer and terminal profiles, daily Poisson transaction counts, and three fraud scenarios.
/// </summary>
/// <remarks>
/// <para>The profiles are drawn once, in the constructor. <see cref="Generate"/> then produces the transactions
/// lazily, one day at a time (memory stays bounded by one day of transactions), sorted by event time, with
/// transaction ids 0, 1, ... in that order. Every random draw comes from generators seeded by
/// <see cref="SimulatorOptions.Seed"/>, so the output is the same on every run and every machine.</para>
/// <para>Streaming forces one departure from the handbook's batch code: scenario 3 picks its third of a
/// compromised card's transactions with an independent 1-in-3 draw per transaction, instead of sampling exactly a
/// third of the whole 14-day window after the fact. Like the handbook, windows of two draws of the same card
/// apply independently (a transaction picked by both is multiplied twice).</para>
/// </remarks>
public sealed class TransactionSimulator
{
    private const int SecondsPerDay = 86_400;
    private const double MeanTimeOfDaySeconds = 43_200;
    private const double StdTimeOfDaySeconds = 20_000;
    private const double MinMeanAmount = 5;
    private const double MaxMeanAmount = 100;
    private const double MaxMeanTransactionsPerDay = 4;

    private const int ProfileStream = 0;
    private const int DayStream = 1;
    private const int TerminalDrawStream = 2;
    private const int CustomerDrawStream = 3;
    private const int CustomerFraudStream = 4;

    private readonly CustomerProfile[] _customers;
    private readonly TerminalProfile[] _terminals;
    private readonly string[] _cardIds;
    private readonly long _startUnixMs;
    private readonly long _fraudThresholdCents;

    public TransactionSimulator(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        Options = options;

        var random = new SimulationRandom(SimulationRandom.DeriveSeed(options.Seed, ProfileStream, 0));
        _customers = new CustomerProfile[options.Customers];
        for (var i = 0; i < _customers.Length; i++)
        {
            var x = random.Uniform(0, SimulatorOptions.MapSize);
            var y = random.Uniform(0, SimulatorOptions.MapSize);
            var meanAmount = random.Uniform(MinMeanAmount, MaxMeanAmount);
            var meanTransactions = random.Uniform(0, MaxMeanTransactionsPerDay);
            _customers[i] = new CustomerProfile(i, x, y, meanAmount, meanTransactions);
        }

        _terminals = new TerminalProfile[options.Terminals];
        for (var i = 0; i < _terminals.Length; i++)
        {
            var x = random.Uniform(0, SimulatorOptions.MapSize);
            var y = random.Uniform(0, SimulatorOptions.MapSize);
            _terminals[i] = new TerminalProfile(i, x, y);
        }

        AssignTerminals(_customers, _terminals, options.Radius);

        _cardIds = new string[_customers.Length];
        for (var i = 0; i < _cardIds.Length; i++)
        {
            _cardIds[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        _startUnixMs = (long)(options.StartDate.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * SecondsPerDay * 1000;
        _fraudThresholdCents = (long)decimal.Floor(options.FraudAmountThreshold * 100m);
    }

    public SimulatorOptions Options { get; }

    public IReadOnlyList<CustomerProfile> Customers => _customers;

    public IReadOnlyList<TerminalProfile> Terminals => _terminals;

    /// <summary>Simulates with <paramref name="options"/> (see <see cref="Generate()"/>).</summary>
    public static IEnumerable<SimulatedTransaction> Generate(SimulatorOptions options) => new TransactionSimulator(options).Generate();

    /// <summary>The card id of a customer: its id as a decimal string, one shared instance per customer.</summary>
    public string CardIdOf(int customerId) => _cardIds[customerId];

    /// <summary>
    /// The simulated transactions, generated lazily day by day, in event-time order (ties in customer order),
    /// with transaction ids 0, 1, ... in that order. Each enumeration starts over and yields the same sequence.
    /// </summary>
    public IEnumerable<SimulatedTransaction> Generate()
    {
        var state = new FraudState(Options);
        var day = new List<DraftTransaction>(capacity: 1024);
        long nextTransactionId = 0;

        for (var dayIndex = 0; dayIndex < Options.Days; dayIndex++)
        {
            GenerateDay(dayIndex, day);
            state.StartDay(dayIndex);
            ApplyFrauds(dayIndex, day, state);

            var dayStartMs = _startUnixMs + ((long)dayIndex * SecondsPerDay * 1000);
            for (var i = 0; i < day.Count; i++)
            {
                var draft = day[i];
                var transaction = new Transaction(
                    nextTransactionId++,
                    _cardIds[draft.CustomerId],
                    draft.TerminalId,
                    draft.AmountCents,
                    dayStartMs + (draft.SecondOfDay * 1000L));
                yield return new SimulatedTransaction(transaction, draft.Scenario != 0, draft.Scenario);
            }
        }
    }

    private void GenerateDay(int dayIndex, List<DraftTransaction> day)
    {
        day.Clear();
        var random = new SimulationRandom(SimulationRandom.DeriveSeed(Options.Seed, DayStream, dayIndex));
        var sequence = 0;
        foreach (var customer in _customers)
        {
            var count = random.Poisson(customer.MeanTransactionsPerDay);
            for (var k = 0; k < count; k++)
            {
                // As in the handbook: the time is truncated to whole seconds and kept only inside (0, 86400).
                var second = Math.Truncate(random.Normal(MeanTimeOfDaySeconds, StdTimeOfDaySeconds));
                if (!(second > 0 && second < SecondsPerDay))
                {
                    continue;
                }

                var amount = random.Normal(customer.MeanAmount, customer.StdAmount);
                if (amount < 0)
                {
                    amount = random.Uniform(0, customer.MeanAmount * 2);
                }

                var cents = (long)Math.Round(amount * 100, MidpointRounding.ToEven);
                var terminals = customer.AvailableTerminalIds;
                if (terminals.Length == 0)
                {
                    continue;
                }

                var terminal = terminals[random.Next(terminals.Length)];
                day.Add(new DraftTransaction((int)second, sequence++, customer.CustomerId, terminal, cents));
            }
        }

        // The draft order is customer order, so (second, sequence) sorts by time with ties in customer order.
        day.Sort(static (a, b) => a.SecondOfDay != b.SecondOfDay
            ? a.SecondOfDay.CompareTo(b.SecondOfDay)
            : a.Sequence.CompareTo(b.Sequence));
    }

    private void ApplyFrauds(int dayIndex, List<DraftTransaction> day, FraudState state)
    {
        var shareRandom = new SimulationRandom(SimulationRandom.DeriveSeed(Options.Seed, CustomerFraudStream, dayIndex));
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(day);
        for (var i = 0; i < span.Length; i++)
        {
            ref var draft = ref span[i];

            // Scenario 1, then 2, then 3: the last one applied is recorded.
            if (draft.AmountCents > _fraudThresholdCents)
            {
                draft.Scenario = 1;
            }

            if (state.IsTerminalCompromised(draft.TerminalId))
            {
                draft.Scenario = 2;
            }

            if (state.CustomerCompromiseCount(draft.CustomerId) > 0)
            {
                foreach (var compromise in state.ActiveCustomerCompromises)
                {
                    if (compromise == draft.CustomerId && shareRandom.NextDouble() < Options.CompromisedCustomerFraudShare)
                    {
                        draft.AmountCents *= Options.CompromisedAmountMultiplier;
                        draft.Scenario = 3;
                    }
                }
            }
        }
    }

    /// <summary>Links each customer to the terminals within the radius, with a grid of cells at least radius wide.</summary>
    private static void AssignTerminals(CustomerProfile[] customers, TerminalProfile[] terminals, double radius)
    {
        var cellsPerSide = (int)Math.Clamp(Math.Floor(SimulatorOptions.MapSize / radius), 1, 1024);
        var cellSize = SimulatorOptions.MapSize / cellsPerSide;

        int CellOf(double coordinate) => Math.Clamp((int)(coordinate / cellSize), 0, cellsPerSide - 1);

        // Counting sort of the terminals by cell: cellStart[c] .. cellStart[c + 1] indexes sortedTerminals.
        var cellStart = new int[(cellsPerSide * cellsPerSide) + 1];
        foreach (var terminal in terminals)
        {
            cellStart[(CellOf(terminal.Y) * cellsPerSide) + CellOf(terminal.X) + 1]++;
        }

        for (var c = 1; c < cellStart.Length; c++)
        {
            cellStart[c] += cellStart[c - 1];
        }

        var fill = (int[])cellStart.Clone();
        var sortedTerminals = new int[terminals.Length];
        foreach (var terminal in terminals)
        {
            sortedTerminals[fill[(CellOf(terminal.Y) * cellsPerSide) + CellOf(terminal.X)]++] = terminal.TerminalId;
        }

        var radiusSquared = radius * radius;
        var found = new List<int>();
        foreach (var customer in customers)
        {
            found.Clear();
            var cx = CellOf(customer.X);
            var cy = CellOf(customer.Y);
            for (var y = Math.Max(0, cy - 1); y <= Math.Min(cellsPerSide - 1, cy + 1); y++)
            {
                for (var x = Math.Max(0, cx - 1); x <= Math.Min(cellsPerSide - 1, cx + 1); x++)
                {
                    var cell = (y * cellsPerSide) + x;
                    for (var t = cellStart[cell]; t < cellStart[cell + 1]; t++)
                    {
                        var terminal = terminals[sortedTerminals[t]];
                        var dx = terminal.X - customer.X;
                        var dy = terminal.Y - customer.Y;
                        if ((dx * dx) + (dy * dy) < radiusSquared)
                        {
                            found.Add(terminal.TerminalId);
                        }
                    }
                }
            }

            found.Sort();
            customer.AvailableTerminalIds = [.. found];
        }
    }

    private struct DraftTransaction(int secondOfDay, int sequence, int customerId, int terminalId, long amountCents)
    {
        public readonly int SecondOfDay = secondOfDay;
        public readonly int Sequence = sequence;
        public readonly int CustomerId = customerId;
        public readonly int TerminalId = terminalId;
        public long AmountCents = amountCents;
        public int Scenario;
    }

    /// <summary>The compromised terminals and cards whose windows cover the current day.</summary>
    private sealed class FraudState(SimulatorOptions options)
    {
        private readonly int[] _terminalCompromises = new int[options.Terminals];
        private readonly int[] _customerCompromises = new int[options.Customers];
        private readonly Queue<(int Day, int[] Terminals)> _terminalDraws = new();
        private readonly Queue<(int Day, int[] Customers)> _customerDraws = new();
        private readonly List<int> _activeCustomers = [];

        /// <summary>Active customer compromises, one entry per draw, oldest draw first.</summary>
        public List<int> ActiveCustomerCompromises => _activeCustomers;

        public bool IsTerminalCompromised(int terminalId) => _terminalCompromises[terminalId] > 0;

        public int CustomerCompromiseCount(int customerId) => _customerCompromises[customerId];

        public void StartDay(int day)
        {
            // Windows are [draw day, draw day + length): drop the draws that no longer cover this day.
            while (_terminalDraws.Count > 0 && _terminalDraws.Peek().Day + options.CompromisedTerminalDays <= day)
            {
                foreach (var terminal in _terminalDraws.Dequeue().Terminals)
                {
                    _terminalCompromises[terminal]--;
                }
            }

            while (_customerDraws.Count > 0 && _customerDraws.Peek().Day + options.CompromisedCustomerDays <= day)
            {
                foreach (var customer in _customerDraws.Dequeue().Customers)
                {
                    _customerCompromises[customer]--;
                }
            }

            if (options.CompromisedTerminalDays > 0 && options.CompromisedTerminalsPerDay > 0)
            {
                var random = new SimulationRandom(SimulationRandom.DeriveSeed(options.Seed, TerminalDrawStream, day));
                var drawn = DrawDistinct(random, options.CompromisedTerminalsPerDay, options.Terminals);
                foreach (var terminal in drawn)
                {
                    _terminalCompromises[terminal]++;
                }

                _terminalDraws.Enqueue((day, drawn));
            }

            if (options.CompromisedCustomerDays > 0 && options.CompromisedCustomersPerDay > 0)
            {
                var random = new SimulationRandom(SimulationRandom.DeriveSeed(options.Seed, CustomerDrawStream, day));
                var drawn = DrawDistinct(random, options.CompromisedCustomersPerDay, options.Customers);
                foreach (var customer in drawn)
                {
                    _customerCompromises[customer]++;
                }

                _customerDraws.Enqueue((day, drawn));
            }

            _activeCustomers.Clear();
            foreach (var (_, customers) in _customerDraws)
            {
                _activeCustomers.AddRange(customers);
            }
        }

        /// <summary>Draws <paramref name="count"/> distinct values in [0, population), without replacement.</summary>
        private static int[] DrawDistinct(SimulationRandom random, int count, int population)
        {
            var drawn = new int[count];
            if (count * 2 > population)
            {
                // Dense case: partial Fisher–Yates shuffle.
                var all = new int[population];
                for (var i = 0; i < population; i++)
                {
                    all[i] = i;
                }

                for (var i = 0; i < count; i++)
                {
                    var j = i + random.Next(population - i);
                    (all[i], all[j]) = (all[j], all[i]);
                    drawn[i] = all[i];
                }

                return drawn;
            }

            var seen = new HashSet<int>(count);
            for (var i = 0; i < count;)
            {
                var value = random.Next(population);
                if (seen.Add(value))
                {
                    drawn[i++] = value;
                }
            }

            return drawn;
        }
    }
}
