using System.Text.Json;

namespace Fraud.Orleans.Ingest.Codec;

// The fields of a transaction as the walk reads them, into the caller's stack scratch.
public static partial class TransactionCodec
{
    private ref struct TransactionFields(Span<char> cardId, Span<char> escapedScratch, Span<byte> timeScratch) : IFlatJsonFields
    {
        private readonly Span<char> _escapedScratch = escapedScratch;
        private readonly Span<byte> _timeScratch = timeScratch;

        public readonly Span<char> CardId = cardId;

        public int CardIdLength;

        public long TransactionId;

        public long TerminalId;

        public long AmountMinor;

        public long EventTimeMs;

        public long SchemaVersion;

        /// <summary>The merchantCategoryCode as read, or -1 when it is not 4 digits (an error only from v2 on: v1 ignores the field).</summary>
        public short MerchantCategoryCode;

        public readonly int Identify(ref Utf8JsonReader reader) => (int)TransactionCodec.Identify(ref reader);

        public readonly string DuplicateError(int field) => TransactionCodec.DuplicateError((Fields)field);

        public string? Read(int field, ref Utf8JsonReader reader)
        {
            switch ((Fields)field)
            {
                case Fields.TransactionId:
                    return TryReadInteger(ref reader, out TransactionId) ? null : "wrong type: transactionId must be an integer";

                case Fields.TerminalId:
                    return TryReadInteger(ref reader, out TerminalId) ? null : "wrong type: terminalId must be an integer";

                case Fields.Amount:
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        return "wrong type: amount must be a number";
                    }

                    return JsonAmountParser.Parse(reader.ValueSpan, out AmountMinor) switch
                    {
                        AmountStatus.Negative => "invalid amount: negative",
                        AmountStatus.TooManyDecimals => "invalid amount: more than 2 decimals",
                        AmountStatus.TooLarge => "invalid amount: above 10000000000.00",
                        _ => null,
                    };

                case Fields.CardId:
                    return reader.TokenType != JsonTokenType.String
                        ? "wrong type: cardId must be a string"
                        : ReadCardId(ref reader, CardId, _escapedScratch, out CardIdLength);

                case Fields.SchemaVersion:
                    return TryReadInteger(ref reader, out SchemaVersion) ? null : "wrong type: schemaVersion must be an integer";

                case Fields.MerchantCategoryCode:
                    MerchantCategoryCode = ReadMerchantCategoryCode(ref reader);
                    return null;

                default:
                    return reader.TokenType != JsonTokenType.String
                        ? "wrong type: eventTime must be a string"
                        : ReadEventTime(ref reader, _timeScratch, out EventTimeMs);
            }
        }
    }
}
