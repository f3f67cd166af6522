namespace Fraud.Orleans.Ingest;

/// <summary>The one meter every instrument of the service belongs to, exported at <c>/metrics</c>.</summary>
public static class FraudMeter
{
    public const string Name = "Fraud.Orleans";
}
