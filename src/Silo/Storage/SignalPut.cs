using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Silo.Storage;

/// <summary>
/// The put request of one signal's item (<see cref="SignalItems"/>), its attribute map and values made once and
/// refilled for each signal: a batch slot reuses it from batch to batch. Not thread-safe: one batch in flight
/// owns it, and the SDK has marshalled it before a call returns or throws.
/// </summary>
public sealed class SignalPut
{
    // Reason names are constants: their values can be shared by every item, as nothing writes to a request's values.
    private static readonly AttributeValue[] ReasonValues =
        Enumerable.Range(0, 32).Select(bit => new AttributeValue { S = ReasonCodeNames.Name((ReasonCodes)(1u << bit)) }).ToArray();

    private readonly AttributeValue _transactionId = new();
    private readonly AttributeValue _cardId = new();
    private readonly AttributeValue _terminalId = new();
    private readonly AttributeValue _amount = new();
    private readonly AttributeValue _eventTime = new();
    private readonly AttributeValue _score = new();
    private readonly AttributeValue _decision = new();
    private readonly AttributeValue _reasons = new() { L = new List<AttributeValue>(4) };
    private readonly AttributeValue _modelVersion = new();
    private readonly AttributeValue _features = new();
    private readonly AttributeValue _challengerScore = new();
    private readonly AttributeValue _challengerVersion = new();

    public SignalPut()
    {
        Request = new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue>(12, StringComparer.Ordinal)
        {
            [DynamoDbTables.TransactionIdAttribute] = _transactionId,
            [SignalItems.CardId] = _cardId,
            [SignalItems.TerminalId] = _terminalId,
            [SignalItems.Amount] = _amount,
            [SignalItems.EventTime] = _eventTime,
            [SignalItems.Score] = _score,
            [SignalItems.Decision] = _decision,
            [SignalItems.Reasons] = _reasons,
            [SignalItems.ModelVersion] = _modelVersion,
            [SignalItems.Features] = _features,
        }));
    }

    public WriteRequest Request { get; }

    public void Fill(in FraudSignal signal)
    {
        _transactionId.S = signal.TransactionId.ToString(CultureInfo.InvariantCulture);
        _cardId.S = signal.CardId;
        _terminalId.N = signal.TerminalId.ToString(CultureInfo.InvariantCulture);
        _amount.N = SignalItems.FormatAmount(signal.AmountMinor);
        _eventTime.S = SignalItems.FormatEventTime(signal.EventTimeMs);
        _score.N = SignalItems.FormatScore(signal.Score);
        _decision.S = SignalItems.DecisionName(signal.Decision);
        var reasons = _reasons.L;
        reasons.Clear();
        for (var bit = 0; bit < 32; bit++)
        {
            if (((uint)signal.Reasons & (1u << bit)) != 0)
            {
                reasons.Add(ReasonValues[bit]);
            }
        }

        _modelVersion.S = signal.ModelVersion;
        _features.S = SignalItems.FeaturesJson(signal);

        var item = Request.PutRequest.Item;
        if (signal is { ChallengerScore: { } shadow, ChallengerVersion: { } challenger })
        {
            _challengerScore.N = SignalItems.FormatScore(shadow);
            _challengerVersion.S = challenger;
            item[SignalItems.ChallengerScore] = _challengerScore;
            item[SignalItems.ChallengerVersion] = _challengerVersion;
        }
        else
        {
            item.Remove(SignalItems.ChallengerScore);
            item.Remove(SignalItems.ChallengerVersion);
        }
    }
}
