using System.Globalization;
using System.Text;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Tests.BadInput;

/// <summary>A record for the transactions topic; <see cref="ExpectedCode"/> is the dead-letter code it must get (null: any).</summary>
public sealed record FuzzRecord(byte[]? Key, byte[]? Value, string? ExpectedCode);

/// <summary>
/// Adversarial transaction records, reproducible from a seed: each is invalid in one way a broken or hostile producer
/// would manage (docs/wire-format.md), and knows which dead-letter code it must get.
/// </summary>
public sealed class AdversarialRecords(int seed, long nowMs)
{
    /// <summary>One record in this many is a value of about 1 MB (the topic's limit), the rest are small.</summary>
    public const int HugeEvery = 500;

    private const int Kinds = 15;
    private readonly Random _random = new(seed);

    public FuzzRecord Next(int index)
    {
        if (index % HugeEvery == HugeEvery - 1)
        {
            // A 1 MB card id (and no key): the card id rule, not the size, refuses it.
            return new(null, Encoding.UTF8.GetBytes(Json(cardId: new string('a', 999_000))), DeadLetterReason.InvalidCardId);
        }

        var card = $"c{_random.Next(1000)}";
        var key = Encoding.UTF8.GetBytes(card);
        return (index % Kinds) switch
        {
            0 => new(Pick(key, null), RandomBytes(), null),
            1 => Truncated(key, card),
            2 => new(key, Encoding.UTF8.GetBytes(Pick(
                "{\"x\":" + new string('[', 70 + _random.Next(2000)) + new string(']', 1) + "," + Json(card)[1..],
                "{\"\\ud800" + Pick("", "abc", "abcdefg") + "\":1," + Json(card)[1..])), DeadLetterReason.InvalidJson), // a lone surrogate escape in a name once threw
            3 => new(key, Encoding.UTF8.GetBytes(Pick(
                Json(card, amount: "\"57.16\""), Json(card, transactionId: "\"12\""), Json(card).Replace($"\"{card}\"", "596", StringComparison.Ordinal),
                Json(card, eventTime: "1522540831000"), Json(card, amount: "true"), Json(card, terminalId: "null"), Json(card, amount: "{}"),
                Json(card, terminalId: "1.5"), Json(card, transactionId: "99999999999999999999"))), DeadLetterReason.WrongType),
            4 => new(key, Encoding.UTF8.GetBytes(Json(card, amount: Pick("NaN", "Infinity", "-Infinity", "+1", ".5", "1."))), DeadLetterReason.InvalidJson),
            5 => new(key, Encoding.UTF8.GetBytes(Json(card, amount: Pick("-0.01", "-1e3", "10000000000.01", "1e20", "0.001", "1e-9", "99999999999999999999999"))), DeadLetterReason.InvalidAmount),
            6 => new(key, Encoding.UTF8.GetBytes(Json(card, eventTime: Quote(Pick(
                "2100-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "1900-06-01T12:00:00+01:00",
                DateTimeOffset.FromUnixTimeMilliseconds(nowMs + 7_200_000).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))))), DeadLetterReason.EventTimeOutOfRange),
            7 => BadIdBytes(card),
            8 => new(key, Encoding.UTF8.GetBytes(Pick(
                Json(card, amount: "1.00,\"amount\":2.00"), Json(card, transactionId: "1,\"transactionId\":1"), Json(card, eventTime: "\"2018-04-02T00:00:00Z\",\"eventTime\":\"2018-04-02T00:00:00Z\""),
                "{\"cardId\":\"x\"," + Json(card)[1..])), DeadLetterReason.DuplicateField),
            9 => new(Encoding.UTF8.GetBytes(card + Pick("x", "0", " ", "\u00e9")), Encoding.UTF8.GetBytes(Json(card)), DeadLetterReason.KeyMismatch),
            10 => new(key, Encoding.UTF8.GetBytes("{\"schemaVersion\":" + Pick("3", "0", "-1", "999", "4294967297") + "," + Json(card)[1..]), DeadLetterReason.UnsupportedSchemaVersion),
            11 => new(Pick(Array.Empty<byte>(), null), Encoding.UTF8.GetBytes(Json(card, terminalId: null)), DeadLetterReason.MissingField),
            12 => new(key, null, DeadLetterReason.NullValue),
            13 => Pan(),
            _ => new(key, Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"merchantCategoryCode\":\"" + Pick("541", "54111", "ab12", "") + "\"," + Json(card)[1..]), DeadLetterReason.InvalidMerchantCategoryCode),
        };
    }

    /// <summary>A valid v1 or v2 transaction JSON, with one field's JSON text replaced (null: left out).</summary>
    public static string Json(
        string cardId,
        string? transactionId = "1",
        string? terminalId = "7",
        string? amount = "12.34",
        string? eventTime = "\"2018-04-02T10:00:00Z\"")
    {
        var fields = new List<string> { $"\"cardId\":{Quote(cardId)}" };
        AddIf("transactionId", transactionId);
        AddIf("terminalId", terminalId);
        AddIf("amount", amount);
        AddIf("eventTime", eventTime);
        return "{" + string.Join(",", fields) + "}";

        void AddIf(string name, string? json)
        {
            if (json is not null)
            {
                fields.Add($"\"{name}\":{json}");
            }
        }
    }

    private static string Quote(string text) => "\"" + text + "\"";

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 96)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private FuzzRecord Truncated(byte[] key, string card)
    {
        var whole = TransactionCodec.Serialize(new Transaction(_random.NextInt64(), card, 7, 1_00, 1_522_627_200_000));
        return new(key, whole[.._random.Next(1, whole.Length)], DeadLetterReason.InvalidJson);
    }

    private FuzzRecord BadIdBytes(string card)
    {
        var json = Encoding.UTF8.GetBytes(Json(card + "\u0001"));
        var at = Array.IndexOf(json, (byte)1);
        if (_random.Next(2) == 0)
        {
            return new(null, json, DeadLetterReason.InvalidJson); // a raw control character in a string is not JSON
        }

        json[at] = Pick<byte>(0xFF, 0xC0, 0x80, 0xED); // never valid in UTF-8 here
        return new(null, json, DeadLetterReason.InvalidCardId);
    }

    private FuzzRecord Pan()
    {
        var digits = new byte[16];
        digits[0] = 4;
        for (var i = 1; i < 15; i++)
        {
            digits[i] = (byte)_random.Next(10);
        }

        for (digits[15] = 0; !CardNumbers.Luhn(digits); digits[15]++)
        {
        }

        var pan = string.Concat(digits.Select(d => (char)('0' + d)));
        return new(Encoding.UTF8.GetBytes(pan), Encoding.UTF8.GetBytes(Json(pan)), DeadLetterReason.CardNumber);
    }
}
