namespace Fraud.Orleans.Ingest;

/// <summary>
/// The machine-readable code of a dead letter (header <c>fraud-dlq-code</c>, metric tag <c>reason</c>), from the
/// short text reason the codec and the gateway give. The codes are a closed set listed in docs/wire-format.md.
/// </summary>
public static class DeadLetterReason
{
    public const string InvalidJson = "invalid_json";
    public const string NullValue = "null_value";
    public const string UnsupportedSchemaVersion = "unsupported_schema_version";
    public const string MissingField = "missing_field";
    public const string DuplicateField = "duplicate_field";
    public const string WrongType = "wrong_type";
    public const string InvalidAmount = "invalid_amount";
    public const string InvalidCardId = "invalid_card_id";
    public const string InvalidEventTime = "invalid_event_time";
    public const string EventTimeOutOfRange = "event_time_out_of_range";
    public const string InvalidMerchantCategoryCode = "invalid_merchant_category_code";
    public const string KeyMismatch = "key_mismatch";
    public const string CardNumber = "card_number";
    public const string ProcessingFailed = "processing_failed";
    public const string Other = "other";

    // Reasons start with their kind ("invalid amount: negative"); the kind is the contract, the rest is for people.
    private static readonly (string Prefix, string Code)[] Prefixes =
    [
        ("invalid JSON", InvalidJson),
        ("null value", NullValue),
        ("unsupported schema version", UnsupportedSchemaVersion),
        ("missing field", MissingField),
        ("duplicate field", DuplicateField),
        ("wrong type", WrongType),
        ("invalid amount", InvalidAmount),
        ("invalid cardId", InvalidCardId),
        ("invalid eventTime", InvalidEventTime),
        ("eventTime out of range", EventTimeOutOfRange),
        ("invalid merchantCategoryCode", InvalidMerchantCategoryCode),
        ("key mismatch", KeyMismatch),
        ("card number", CardNumber),
        ("processing failed", ProcessingFailed),
    ];

    /// <summary>The code of a reason; <see cref="Other"/> for one no rule knows (a test keeps that from happening).</summary>
    public static string CodeOf(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        foreach (var (prefix, code) in Prefixes)
        {
            if (reason.StartsWith(prefix, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return Other;
    }
}
