namespace Fraud.Orleans.Storage.DynamoDB;

/// <summary>
/// Told of every retry our providers make (grain storage, membership), so the host can count throttling and backoff
/// in its metrics: the SDK client retries nothing itself (<see cref="DynamoDBClientFactory"/>), so this sees them all.
/// Optional: register one in the silo's services.
/// </summary>
public interface IDynamoDBRetryObserver
{
    /// <param name="provider">"grain_storage" or "membership".</param>
    /// <param name="failure">The transient failure of the attempt that is sent again.</param>
    /// <param name="backoff">The wait before the next attempt.</param>
    void OnRetry(string provider, Exception failure, TimeSpan backoff);
}
