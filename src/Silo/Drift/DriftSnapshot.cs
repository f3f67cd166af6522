namespace Fraud.Orleans.Silo.Drift;

/// <summary>One evaluation of the drift window: its size, each column's PSI (NaN below the minimum size), the score's shares per bin.</summary>
public sealed record DriftSnapshot(long Events, IReadOnlyList<string> Columns, IReadOnlyList<double> Psi, IReadOnlyList<double> ScoreShares)
{
    public double PsiOf(string column)
    {
        var index = Columns.ToList().IndexOf(column);
        return index < 0 ? throw new KeyNotFoundException($"no drift column {column}") : Psi[index];
    }
}
