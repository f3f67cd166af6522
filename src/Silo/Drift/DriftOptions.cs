namespace Fraud.Orleans.Silo.Drift;

/// <summary>Drift monitoring (<see cref="DriftMonitor"/>): configuration section <c>Silo:Drift</c>.</summary>
public sealed class DriftOptions
{
    public const string Section = "Silo:Drift";

    /// <summary>Off: no counting, no drift metrics. Also off, whatever this says, for a model without a drift section.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far back the live distribution reaches: PSI compares the last <see cref="Window"/> of scored transactions with training.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The window slides by this step: counts are kept per bucket, and the oldest bucket drops out whole.</summary>
    public TimeSpan Bucket { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fewer transactions than this in the window and PSI is neither exported nor warned about (a few dozen rows give noise, not drift).</summary>
    public int MinEvents { get; set; } = 1000;

    /// <summary>A PSI above this logs a warning, once per crossing (0.2 is the usual "significant shift").</summary>
    public double WarnAbove { get; set; } = 0.2;

    /// <summary>How often PSI is computed to look for crossings, besides when metrics are collected.</summary>
    public TimeSpan EvaluateEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Share given to an empty bin so that ln(a/e) stays finite.</summary>
    public double EmptyShare { get; set; } = 1e-4;

    /// <summary>Buckets in the window's ring.</summary>
    public int BucketCount => (int)Math.Ceiling(Window / Bucket);

    public IEnumerable<string> Validate()
    {
        if (Bucket < TimeSpan.FromMilliseconds(10) || Window < Bucket || Window > TimeSpan.FromDays(7))
        {
            yield return $"{Section}: {nameof(Bucket)} must be at least 10 ms and {nameof(Window)} between {nameof(Bucket)} and 7 days";
        }
        else if (BucketCount > 10_080)
        {
            yield return $"{Section}: {nameof(Window)} / {nameof(Bucket)} must be at most 10080 buckets (got {BucketCount})";
        }

        if (MinEvents < 1)
        {
            yield return $"{Section}:{nameof(MinEvents)} must be at least 1";
        }

        if (!(WarnAbove > 0))
        {
            yield return $"{Section}:{nameof(WarnAbove)} must be positive";
        }

        if (EvaluateEvery < TimeSpan.FromMilliseconds(10))
        {
            yield return $"{Section}:{nameof(EvaluateEvery)} must be at least 10 ms";
        }

        if (!(EmptyShare is > 0 and < 0.01))
        {
            yield return $"{Section}:{nameof(EmptyShare)} must be in (0, 0.01)";
        }
    }
}
