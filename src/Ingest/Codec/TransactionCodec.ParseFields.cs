using System.Text.Json;

namespace Fraud.Orleans.Ingest.Codec;

// The known field names, as flags so that TryParse can track which it has seen in one int.
public static partial class TransactionCodec
{
    [Flags]
    private enum Fields
    {
        None = 0,
        TransactionId = 1,
        CardId = 2,
        TerminalId = 4,
        Amount = 8,
        EventTime = 16,
        SchemaVersion = 32,
        MerchantCategoryCode = 64,
    }

    private static Fields Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("transactionId"u8))
        {
            return Fields.TransactionId;
        }

        if (reader.ValueTextEquals("cardId"u8))
        {
            return Fields.CardId;
        }

        if (reader.ValueTextEquals("terminalId"u8))
        {
            return Fields.TerminalId;
        }

        if (reader.ValueTextEquals("amount"u8))
        {
            return Fields.Amount;
        }

        if (reader.ValueTextEquals("eventTime"u8))
        {
            return Fields.EventTime;
        }

        if (reader.ValueTextEquals("schemaVersion"u8))
        {
            return Fields.SchemaVersion;
        }

        return reader.ValueTextEquals("merchantCategoryCode"u8) ? Fields.MerchantCategoryCode : Fields.None;
    }

    private static string DuplicateError(Fields field) => field switch
    {
        Fields.TransactionId => "duplicate field: transactionId",
        Fields.CardId => "duplicate field: cardId",
        Fields.TerminalId => "duplicate field: terminalId",
        Fields.Amount => "duplicate field: amount",
        Fields.EventTime => "duplicate field: eventTime",
        Fields.SchemaVersion => "duplicate field: schemaVersion",
        _ => "duplicate field: merchantCategoryCode",
    };

    private static string? MissingError(Fields seen)
    {
        if ((seen & Fields.TransactionId) == 0)
        {
            return "missing field: transactionId";
        }

        if ((seen & Fields.CardId) == 0)
        {
            return "missing field: cardId";
        }

        if ((seen & Fields.TerminalId) == 0)
        {
            return "missing field: terminalId";
        }

        if ((seen & Fields.Amount) == 0)
        {
            return "missing field: amount";
        }

        return (seen & Fields.EventTime) == 0 ? "missing field: eventTime" : null;
    }
}
