using Fraud.Orleans.Cli.Evaluate;

namespace Fraud.Orleans.Tests.Cli;

public sealed class CardPrecisionTests
{
    [Fact]
    public void Each_card_counts_once_at_its_best_score_and_detected_cards_leave_later_days()
    {
        CardPrecision.Row[] rows =
        [
            // Day 0: card 1 (fraud, 0.9), card 2 (0.8, its low 0.2 transaction is a fraud: the card counts as one), card 3 (fraud, 0.7).
            new(0, 1, true, 0.9), new(0, 2, false, 0.8), new(0, 2, true, 0.2), new(0, 3, true, 0.7),

            // Day 1: card 1 was detected on day 0 and is gone; cards 3, 4, 5 tie at 0.6, the lower ids first.
            new(1, 1, true, 0.99), new(1, 5, true, 0.6), new(1, 4, false, 0.6), new(1, 3, false, 0.6), new(1, 6, true, 0.1),
        ];

        var (mean, daily) = CardPrecision.AtK(rows, k: 2);

        // Day 0: top 2 = cards 1 and 2, both with a fraud -> 2/2. Day 1: top 2 = cards 3 and 4, no fraud -> 0/2.
        Assert.Equal([(0, 1.0), (1, 0.0)], daily);
        Assert.Equal(0.5, mean);
    }

    [Fact]
    public void Precision_divides_by_k_even_when_fewer_cards_are_there()
    {
        var (mean, _) = CardPrecision.AtK([new(3, 7, true, 0.5)], k: 100);

        Assert.Equal(0.01, mean);
    }

    [Fact]
    public void Only_a_top_k_card_with_a_fraud_is_detected()
    {
        CardPrecision.Row[] rows =
        [
            new(0, 1, false, 0.9), new(0, 2, true, 0.1), // card 2's fraud is outside the top 1: not detected
            new(1, 2, true, 0.9), new(1, 1, false, 0.1), // so card 2 is still a candidate on day 1
        ];

        var (_, daily) = CardPrecision.AtK(rows, k: 1);

        Assert.Equal([(0, 0.0), (1, 1.0)], daily);
    }

    [Fact]
    public void No_rows_give_no_mean()
    {
        Assert.True(double.IsNaN(CardPrecision.AtK([], 100).Mean));
    }
}
