using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fraud.Orleans.Tests.Cluster;

/// <summary>
/// Fault injection for one silo: a DynamoDB that takes its state writes but never answers its signal batches. Laid
/// over the silo's <see cref="IAmazonDynamoDB"/> (the signal writer's and the epoch claims' client; grain state has a
/// client of its own), it holds every BatchWriteItem to the signal table and passes every other request on.
/// </summary>
public sealed class SignalWriteHold(string signalTable)
{
    private int _held;

    /// <summary>Signal batches sent and held so far.</summary>
    public int Held => Volatile.Read(ref _held);

    public IAmazonDynamoDB Over(IAmazonDynamoDB client)
    {
        var proxy = DispatchProxy.Create<IAmazonDynamoDB, HoldingClient>();
        ((HoldingClient)(object)proxy).Hold(client, this);
        return proxy;
    }

    private bool Holds(BatchWriteItemRequest request) => request.RequestItems?.ContainsKey(signalTable) == true;

    /// <summary>Not sealed: <see cref="DispatchProxy"/> derives the proxy type from it.</summary>
    public class HoldingClient : DispatchProxy
    {
        private IAmazonDynamoDB? _inner;
        private SignalWriteHold? _hold;

        internal void Hold(IAmazonDynamoDB inner, SignalWriteHold hold) => (_inner, _hold) = (inner, hold);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && args is [BatchWriteItemRequest request, CancellationToken] && _hold!.Holds(request))
            {
                // Never answered: the signals are neither written nor refused, so the writer neither retries nor moves its watermark.
                Interlocked.Increment(ref _hold._held);
                return new TaskCompletionSource<BatchWriteItemResponse>().Task;
            }

            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}
