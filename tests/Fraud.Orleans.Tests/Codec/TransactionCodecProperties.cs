using System.Text;
using CsCheck;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Tests.Codec;

/// <summary>
/// The transaction codec over generated input (CsCheck, shrinking to a smallest failing case): every valid
/// transaction round-trips, v1 and v2; a mutated record decodes to a valid transaction or is refused with a
/// dead-letter code; and no input at all makes it throw.
/// </summary>
public sealed class TransactionCodecProperties
{
    private static readonly Gen<string> CardIdPiece = Gen.Frequency(
        (6, Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ "].Select(c => c.ToString())),
        (2, Gen.Char.Where(c => !char.IsSurrogate(c)).Select(c => c.ToString())),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)),
        (1, Gen.Char["\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028"].Select(c => c.ToString())));

    private static readonly Gen<string> CardIds = CardIdPiece.Array[1, 40]
        .Select(string.Concat)
        .Where(id => id.Length <= TransactionCodec.MaxCardIdLength);

    private static readonly Gen<long> Amounts = Gen.Frequency(
        (4, Gen.Long[0, TransactionCodec.MaxAmountMinor]),
        (4, Gen.Long[0, 100_000]),
        (1, Gen.OneOf(0L, 1L, TransactionCodec.MaxAmountMinor)));

    private static readonly Gen<long> EventTimes = Gen.Frequency(
        (4, Gen.Long[TransactionCodec.MinEventTimeMs, TransactionCodec.MaxEventTimeMs]),
        (4, Gen.Long[1_500_000_000_000, 1_600_000_000_000]),
        (1, Gen.Long[-1000, 1000].Select(s => s * 1000)),
        (1, Gen.OneOf(TransactionCodec.MinEventTimeMs, TransactionCodec.MaxEventTimeMs)));

    private static readonly Gen<short?> MerchantCategoryCodes = Gen.Frequency(
        (1, Gen.Const((short?)null)),
        (1, Gen.Int[0, 9999].Select(code => (short?)code)));

    private static readonly Gen<Transaction> Transactions = Gen.Select(
            Gen.Long, CardIds, Gen.Long, Amounts, EventTimes, MerchantCategoryCodes,
            (id, card, terminal, amount, time, code) => new Transaction(id, card, terminal, amount, time, code))

        // A card number in any string is refused by design (it must never be stored): not a valid transaction.
        .Where(t => !CardNumbers.Contains(TransactionCodec.Serialize(t), jsonEscapes: true));


    private static readonly Gen<(int Kind, int Position, byte Value)> Mutations =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte);

    // Pieces of transaction JSON put together at random: reaches the field readers far more often than random bytes.
    private static readonly Gen<string> JsonFragments = Gen.OneOf(
        "{", "}", "[", "]", ":", ",", "\"", "\"transactionId\"", "\"cardId\"", "\"terminalId\"", "\"amount\"", "\"eventTime\"",
        "\"schemaVersion\"", "\"merchantCategoryCode\"", "1", "2", "-", "0", "12.34", "1e3", "1e400", "-0", "9223372036854775808",
        "\"2018-04-01T00:00:31Z\"", "\"2018-04-01T00:00:31.123456+02:00\"", "\"9999-12-31T23:59:59Z\"", "\"0742\"", "\"c1\"",
        "\"\\u00e9\"", "\"\\ud800\"", "\"\\u0000\"", "null", "true", "false", " ", "\u00ff", "\"4111111111111111\"");

    private static readonly Gen<byte[]> JsonLike = JsonFragments.Array[0, 40].Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));

    [Fact]
    public void Every_valid_transaction_round_trips_as_version_1_without_a_merchant_category_code_and_as_version_2_with_one()
    {
        Gen.Select(Transactions, Gen.Bool).Sample((transaction, withKey) =>
        {
            var bytes = TransactionCodec.Serialize(transaction);
            Assert.Equal(bytes.Length, TransactionCodec.GetByteCount(transaction));
            Assert.Equal(transaction.MerchantCategoryCode is not null, bytes.AsSpan().StartsWith("{\"schemaVersion\":2,"u8));
            Assert.True(TransactionCodec.TryParse(Key(transaction, withKey), bytes, out var parsed, out var error), error);
            Assert.Equal(transaction, parsed);
        }, iter: 20_000);
    }

    [Fact]
    public void A_mutated_record_decodes_to_a_valid_transaction_or_is_refused_with_a_dead_letter_code_and_never_throws()
    {
        Gen.Select(Transactions, Gen.Bool, Mutations.Array[1, 4]).Sample((transaction, withKey, mutations) =>
        {
            var bytes = TransactionCodec.Serialize(transaction).ToList();
            foreach (var (kind, position, value) in mutations)
            {
                Mutate(bytes, kind, position, value);
            }

            AssertValidOrRefused(Key(transaction, withKey), [.. bytes]);
        }, iter: 50_000);
    }

    [Fact]
    public void Arbitrary_bytes_decode_to_a_valid_transaction_or_are_refused_with_a_dead_letter_code_and_never_throw()
    {
        var values = Gen.Frequency((1, Gen.Byte.Array[0, 200]), (3, JsonLike));
        var keys = Gen.Frequency((1, Gen.Const(Array.Empty<byte>())), (1, Gen.Byte.Array[1, 80]), (1, Gen.OneOf("c1", "596").Select(Encoding.UTF8.GetBytes)));
        Gen.Select(keys, values).Sample((key, value) => AssertValidOrRefused(key, value), iter: 50_000);
    }

    /// <summary>Either a transaction the codec could have written itself (it round-trips) or a reason with a known code.</summary>
    private static void AssertValidOrRefused(byte[] key, byte[] value)
    {
        if (!TransactionCodec.TryParse(key, value, out var parsed, out var error))
        {
            Assert.False(string.IsNullOrEmpty(error));
            Assert.True(DeadLetterReason.CodeOf(error) != DeadLetterReason.Other, $"no dead-letter code for \"{error}\"");
            return;
        }

        Assert.InRange(parsed.CardId.Length, 1, TransactionCodec.MaxCardIdLength);
        Assert.InRange(parsed.AmountMinor, 0, TransactionCodec.MaxAmountMinor);
        Assert.InRange(parsed.EventTimeMs, TransactionCodec.MinEventTimeMs, TransactionCodec.MaxEventTimeMs);
        Assert.True(parsed.MerchantCategoryCode is null or >= 0 and <= 9999);
        Assert.True(key.Length == 0 || key.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(parsed.CardId)), "the key is the card id");
        Assert.False(CardNumbers.Contains(Encoding.UTF8.GetBytes(parsed.CardId), jsonEscapes: false), "a card number got through as the card id");
        Assert.True(TransactionCodec.TryParse(TransactionCodec.Serialize(parsed), out var again, out var reError), reError);
        Assert.Equal(parsed, again);
    }

    /// <summary>The key a producer may send with a transaction: the card id, or none (an empty key is none).</summary>
    private static byte[] Key(in Transaction transaction, bool withKey) => withKey ? TransactionCodec.SerializeKey(transaction.CardId) : [];

    /// <summary>Flips a bit, overwrites, inserts or deletes one byte, or truncates: <paramref name="kind"/> 0..4.</summary>
    private static void Mutate(List<byte> bytes, int kind, int position, byte value)
    {
        var at = bytes.Count == 0 ? 0 : position % (bytes.Count + (kind == 2 ? 1 : 0));
        switch (kind)
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << (value % 8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = value;
                break;
            case 2:
                bytes.Insert(at, value);
                break;
            case 3 when bytes.Count > 0:
                bytes.RemoveAt(at);
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
        }
    }
}
