using Microsoft.Extensions.Logging;

namespace Fraud.Orleans.Silo.Drift;

public sealed partial class DriftLog(ILogger<DriftLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Warning, "Drift: {Feature} PSI {Psi:F3} over the last {Window} ({Events} transactions) is above {Threshold} against model {ModelVersion}'s training distribution")]
    public partial void Crossed(string feature, double psi, TimeSpan window, long events, double threshold, string modelVersion);

    [LoggerMessage(2, LogLevel.Information, "Drift: {Feature} PSI {Psi:F3} is back at or below {Threshold}")]
    public partial void Recovered(string feature, double psi, double threshold);

    [LoggerMessage(3, LogLevel.Information, "Drift monitoring is off: {Why}")]
    public partial void Off(string why);

    [LoggerMessage(4, LogLevel.Information, "Drift monitoring on: {Features} features and the score, window {Window} in steps of {Bucket}, warning above PSI {Threshold}")]
    public partial void On(int features, TimeSpan window, TimeSpan bucket, double threshold);
}
