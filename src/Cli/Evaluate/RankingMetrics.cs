namespace Fraud.Orleans.Cli.Evaluate;

/// <summary>
/// Threshold-free ranking metrics, computed as scikit-learn computes them: ties are groups of equal scores, and a
/// threshold sits between distinct scores only.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// sklearn's <c>roc_auc_score</c>: the trapezoid under the ROC curve over distinct thresholds, which is the
    /// Mann–Whitney statistic with a tied (positive, negative) pair counting 1/2. NaN without both classes.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        var order = Ascending(labels, scores);
        long positives = 0, negatives = 0, twiceConcordant = 0, negativesBelow = 0;
        for (var start = 0; start < order.Length;)
        {
            var (end, groupPositives, groupNegatives) = TieGroup(order, start, labels, scores);

            // Each positive of the group beats the negatives below it and ties (1/2) with those of its group;
            // counted doubled, so the sum stays an exact integer.
            twiceConcordant += groupPositives * ((2 * negativesBelow) + groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
            negatives += groupNegatives;
            start = end;
        }

        return positives == 0 || negatives == 0 ? double.NaN : twiceConcordant / (2.0 * positives * negatives);
    }

    /// <summary>
    /// sklearn's <c>average_precision_score</c>: Σ over distinct thresholds, from the highest score down, of
    /// (R_n − R_(n−1)) · P_n. NaN without positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        var order = Ascending(labels, scores);
        long positives = 0;
        foreach (var label in labels)
        {
            positives += label ? 1 : 0;
        }

        if (positives == 0)
        {
            return double.NaN;
        }

        long truePositives = 0, falsePositives = 0;
        var sum = 0.0;
        var previousRecall = 0.0;
        for (var end = order.Length; end > 0;)
        {
            var (start, groupPositives, groupNegatives) = TieGroupDown(order, end, labels, scores);
            truePositives += groupPositives;
            falsePositives += groupNegatives;
            var recall = (double)truePositives / positives;
            sum += (recall - previousRecall) * ((double)truePositives / (truePositives + falsePositives));
            previousRecall = recall;
            end = start;
        }

        return sum;
    }

    private static int[] Ascending(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {scores.Length} scores.", nameof(scores));
        }

        var order = new int[scores.Length];
        var keys = scores.ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    private static (int End, long Positives, long Negatives) TieGroup(int[] order, int start, ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        long p = 0, n = 0;
        var end = start;
        for (; end < order.Length && scores[order[end]] == scores[order[start]]; end++)
        {
            _ = labels[order[end]] ? p++ : n++;
        }

        return (end, p, n);
    }

    private static (int Start, long Positives, long Negatives) TieGroupDown(int[] order, int end, ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        long p = 0, n = 0;
        var start = end;
        for (; start > 0 && scores[order[start - 1]] == scores[order[end - 1]]; start--)
        {
            _ = labels[order[start - 1]] ? p++ : n++;
        }

        return (start, p, n);
    }
}
