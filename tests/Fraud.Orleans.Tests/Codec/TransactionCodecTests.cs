using System.Buffers;
using System.Text;
using System.Text.Json;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Tests.Codec;

public sealed class TransactionCodecTests
{
    private const string Example =
        """{"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z"}""";

    private static readonly long ExampleTimeMs = new DateTimeOffset(2018, 4, 1, 0, 0, 31, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly Transaction ExampleTransaction = new(123, "596", 3156, 5716, ExampleTimeMs);

    [Fact]
    public void Serializes_the_documented_example()
    {
        Assert.Equal(Example, Encoding.UTF8.GetString(TransactionCodec.Serialize(ExampleTransaction)));
        Assert.Equal("596"u8.ToArray(), TransactionCodec.SerializeKey("596"));
    }

    [Fact]
    public void Parses_the_documented_example_with_its_key()
    {
        Assert.True(TransactionCodec.TryParse("596"u8, Encoding.UTF8.GetBytes(Example), out var tx, out var error), error);

        Assert.Null(error);
        Assert.Equal(ExampleTransaction, tx);
    }

    [Theory]
    [InlineData(1L, "0.01")]
    [InlineData(0L, "0.00")]
    [InlineData(10L, "0.10")]
    [InlineData(22000L, "220.00")]
    [InlineData(123456789L, "1234567.89")]
    [InlineData(1_000_000_000_000L, "10000000000.00")]
    public void Amounts_round_trip_with_exactly_2_decimals(long cents, string json)
    {
        var tx = ExampleTransaction with { AmountMinor = cents };

        var text = Encoding.UTF8.GetString(TransactionCodec.Serialize(tx));

        Assert.Contains($"\"amount\":{json},", text, StringComparison.Ordinal);
        Assert.Equal(tx, Parse(text));
    }

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00Z")]
    [InlineData(1L, "1970-01-01T00:00:00.001Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999Z")]
    [InlineData(1_522_540_831_250L, "2018-04-01T00:00:31.250Z")]
    [InlineData(253_402_300_799_999L, "9999-12-31T23:59:59.999Z")]
    [InlineData(-62_135_596_800_000L, "0001-01-01T00:00:00Z")]
    public void Event_times_round_trip_in_utc_with_milliseconds_only_when_not_zero(long unixMs, string json)
    {
        var tx = ExampleTransaction with { EventTimeMs = unixMs };

        var text = Encoding.UTF8.GetString(TransactionCodec.Serialize(tx));

        Assert.EndsWith($"\"eventTime\":\"{json}\"}}", text, StringComparison.Ordinal);
        Assert.Equal(tx, Parse(text));
    }

    [Theory]
    [InlineData("a\"b\\c")]
    [InlineData("tab\there\nnewline\u0001")]
    [InlineData("café-日本-😀")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Card_ids_with_special_characters_round_trip_and_give_valid_json(string cardId)
    {
        var tx = ExampleTransaction with { CardId = cardId };

        var bytes = TransactionCodec.Serialize(tx);

        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(cardId, document.RootElement.GetProperty("cardId").GetString());
        Assert.True(TransactionCodec.TryParse(TransactionCodec.SerializeKey(cardId), bytes, out var parsed, out var error), error);
        Assert.Equal(tx, parsed);
    }

    [Fact]
    public void Extreme_values_are_valid_json_with_the_exact_length()
    {
        var tx = new Transaction(long.MinValue, "x", long.MaxValue, long.MinValue, 0);

        var bytes = TransactionCodec.Serialize(tx);

        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(long.MinValue, document.RootElement.GetProperty("transactionId").GetInt64());
        Assert.Equal(long.MaxValue, document.RootElement.GetProperty("terminalId").GetInt64());
        Assert.Equal("-92233720368547758.08", document.RootElement.GetProperty("amount").GetRawText());
        Assert.Equal(bytes.Length, TransactionCodec.GetByteCount(tx));
        Assert.True(bytes.Length <= TransactionCodec.GetMaxByteCount(1));
    }

    [Fact]
    public void Writes_into_a_span_and_a_buffer_writer()
    {
        var expected = Encoding.UTF8.GetBytes(Example);
        var buffer = new byte[300];

        var length = TransactionCodec.Write(ExampleTransaction, buffer);
        Assert.Equal(expected, buffer[..length]);

        var writer = new ArrayBufferWriter<byte>();
        TransactionCodec.Write(ExampleTransaction, writer);
        TransactionCodec.Write(ExampleTransaction, writer);
        Assert.Equal(expected.Concat(expected), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_too_small_destination_is_refused()
    {
        var exact = TransactionCodec.GetByteCount(ExampleTransaction);
        var small = new byte[exact - 1];

        Assert.False(TransactionCodec.TryWrite(ExampleTransaction, small, out var written));
        Assert.Equal(0, written);
        Assert.Throws<ArgumentException>(() => TransactionCodec.Write(ExampleTransaction, small));
        Assert.True(TransactionCodec.TryWrite(ExampleTransaction, new byte[exact], out written));
        Assert.Equal(exact, written);
    }

    [Fact]
    public void A_transaction_without_card_id_or_with_an_unrepresentable_time_cannot_be_written()
    {
        Assert.Throws<ArgumentException>(() => TransactionCodec.Serialize(default));
        Assert.Throws<ArgumentException>(() => TransactionCodec.Serialize(ExampleTransaction with { EventTimeMs = long.MaxValue }));
    }

    [Fact]
    public void Fields_may_come_in_any_order_among_unknown_fields()
    {
        const string shuffled = """
            { "eventTime" : "2018-04-01T00:00:31Z", "extra": {"nested": [1, {"amount": -1}], "cardId": null},
              "amount": 57.16, "terminalId": 3156, "note": "x", "cardId": "596", "flag": true, "transactionId": 123, "n": null }
            """;

        Assert.Equal(ExampleTransaction, Parse(shuffled));
    }

    [Theory]
    [InlineData("57.16", 5716L)]
    [InlineData("57.1", 5710L)]
    [InlineData("57", 5700L)]
    [InlineData("57.160000", 5716L)]
    [InlineData("5716e-2", 5716L)]
    [InlineData("0.5716E2", 5716L)]
    [InlineData("5.716e+1", 5716L)]
    [InlineData("0", 0L)]
    [InlineData("-0.00", 0L)]
    [InlineData("0e-400", 0L)]
    [InlineData("1E10", 1_000_000_000_000L)]
    [InlineData("10000000000.00", 1_000_000_000_000L)]
    [InlineData("0.01", 1L)]
    [InlineData("1234567.89", 123456789L)]
    public void Amounts_are_parsed_exactly_from_their_digits(string amount, long cents)
    {
        Assert.Equal(cents, Parse(WithField("amount", amount)).AmountMinor);
    }

    [Theory]
    [InlineData("amount", "-0.01", "invalid amount: negative")]
    [InlineData("amount", "-57.16", "invalid amount: negative")]
    [InlineData("amount", "57.161", "invalid amount: more than 2 decimals")]
    [InlineData("amount", "0.001", "invalid amount: more than 2 decimals")]
    [InlineData("amount", "1e-400", "invalid amount: more than 2 decimals")]
    [InlineData("amount", "0.1234567890123456789012345", "invalid amount: more than 2 decimals")]
    [InlineData("amount", "10000000000.01", "invalid amount: above 10000000000.00")]
    [InlineData("amount", "99999999999999999999999", "invalid amount: above 10000000000.00")]
    [InlineData("amount", "1e400", "invalid amount: above 10000000000.00")]
    [InlineData("amount", "\"57.16\"", "wrong type: amount must be a number")]
    [InlineData("amount", "null", "wrong type: amount must be a number")]
    [InlineData("transactionId", "\"123\"", "wrong type: transactionId must be an integer")]
    [InlineData("transactionId", "1.5", "wrong type: transactionId must be an integer")]
    [InlineData("transactionId", "1e3", "wrong type: transactionId must be an integer")]
    [InlineData("transactionId", "9223372036854775808", "wrong type: transactionId must be an integer")]
    [InlineData("terminalId", "[3156]", "wrong type: terminalId must be an integer")]
    [InlineData("terminalId", "true", "wrong type: terminalId must be an integer")]
    [InlineData("cardId", "596", "wrong type: cardId must be a string")]
    [InlineData("cardId", "null", "wrong type: cardId must be a string")]
    [InlineData("cardId", "\"\"", "invalid cardId: empty")]
    [InlineData("cardId", "\"01234567890123456789012345678901234567890123456789012345678901234\"", "invalid cardId: longer than 64 characters")]
    [InlineData("cardId", "\"\\u00301234567890123456789012345678901234567890123456789012345678901234\"", "invalid cardId: longer than 64 characters")]
    [InlineData("eventTime", "1522540831000", "wrong type: eventTime must be a string")]
    [InlineData("eventTime", "\"yesterday\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"2018-04-01T00:00:31\"", "invalid eventTime: no UTC offset")]
    [InlineData("eventTime", "\"2018-04-01\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"2018-02-29T00:00:31Z\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"2018-04-01T24:00:00Z\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"2018-04-01T00:00:31.Z\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"2018-04-01T00:00:31+2:00\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"2018-04-01T00:00:31Zjunk\"", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("eventTime", "\"0001-01-01T00:30:00+01:00\"", "invalid eventTime: outside years 1..9999 in UTC")]
    public void Invalid_fields_are_reported_with_a_short_reason(string field, string json, string expected)
    {
        Assert.False(TransactionCodec.TryParse(default, Encoding.UTF8.GetBytes(WithField(field, json)), out var tx, out var error));

        Assert.Equal(expected, error);
        Assert.Equal(default, tx);
    }

    [Theory]
    [InlineData("transactionId")]
    [InlineData("cardId")]
    [InlineData("terminalId")]
    [InlineData("amount")]
    [InlineData("eventTime")]
    public void Each_missing_field_is_named(string field)
    {
        var json = WithField(field, null);

        Assert.False(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal($"missing field: {field}", error);
    }

    [Fact]
    public void A_duplicated_field_is_refused()
    {
        var json = Example.Replace("\"amount\":57.16", "\"amount\":57.16,\"amount\":1.00", StringComparison.Ordinal);

        Assert.False(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal("duplicate field: amount", error);
    }

    [Theory]
    [InlineData("", "invalid JSON: empty")]
    [InlineData("   ", "invalid JSON: empty")]
    [InlineData("[1,2]", "invalid JSON: not an object")]
    [InlineData("\"text\"", "invalid JSON: not an object")]
    [InlineData("42", "invalid JSON: not an object")]
    [InlineData("{\"transactionId\":123,", "invalid JSON")]
    [InlineData("{'transactionId':123}", "invalid JSON")]
    [InlineData("{\"transactionId\":0123}", "invalid JSON")]
    [InlineData("{\"a\":1}{\"b\":2}", "invalid JSON")]
    [InlineData("{\"a\":1} x", "invalid JSON")]
    [InlineData("not json", "invalid JSON")]
    [InlineData("{\"\\ud800\":1}", "invalid JSON: a field name escapes a lone surrogate")]
    [InlineData("{\"transactionId\":1,\"\\ud800abcdefg\":2}", "invalid JSON: a field name escapes a lone surrogate")]
    public void Invalid_json_is_reported(string json, string expected)
    {
        Assert.False(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Invalid_utf8_in_the_card_id_is_reported()
    {
        var bytes = Encoding.UTF8.GetBytes(Example);
        var index = Array.IndexOf(bytes, (byte)'5');
        bytes[index] = 0xFF;

        Assert.False(TransactionCodec.TryParse(bytes, out _, out var error));
        Assert.StartsWith("invalid", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2018-04-01T02:00:31+02:00")]
    [InlineData("2018-04-01T02:00:31+0200")]
    [InlineData("2018-04-01T02:00:31+02")]
    [InlineData("2018-03-31T23:30:31-00:30")]
    [InlineData("2018-04-01t00:00:31z")]
    [InlineData("2018-04-01 00:00:31Z")]
    [InlineData("2018-04-01T00:00:31.0Z")]
    [InlineData("2018-04-01T00:00:31.000000000Z")]
    [InlineData("2018-04-01T00:00:31.0009999Z")]
    [InlineData("2018-04-01T00:00:31\\u002B00:00")]
    public void Event_times_with_offsets_are_converted_to_utc(string eventTime)
    {
        Assert.Equal(ExampleTimeMs, Parse(WithField("eventTime", $"\"{eventTime}\"")).EventTimeMs);
    }

    [Fact]
    public void Fractions_of_a_second_keep_the_milliseconds()
    {
        Assert.Equal(ExampleTimeMs + 250, Parse(WithField("eventTime", "\"2018-04-01T00:00:31.25Z\"")).EventTimeMs);
        Assert.Equal(ExampleTimeMs + 123, Parse(WithField("eventTime", "\"2018-04-01T02:00:31.123456+02:00\"")).EventTimeMs);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        var json = Example.Replace("\"596\"", "\"\\u0035\\u00396\"", StringComparison.Ordinal)
            .Replace("\"cardId\"", "\"card\\u0049d\"", StringComparison.Ordinal);

        Assert.True(TransactionCodec.TryParse("596"u8, Encoding.UTF8.GetBytes(json), out var tx, out var error), error);
        Assert.Equal(ExampleTransaction, tx);
    }

    [Fact]
    public void A_key_different_from_the_card_id_is_refused()
    {
        var value = Encoding.UTF8.GetBytes(Example);

        Assert.False(TransactionCodec.TryParse("597"u8, value, out _, out var error));
        Assert.Equal("key mismatch: the message key is not the cardId", error);
        Assert.False(TransactionCodec.TryParse("5966"u8, value, out _, out _));
        Assert.False(TransactionCodec.TryParse("59"u8, value, out _, out _));
        Assert.False(TransactionCodec.TryParse(new byte[] { (byte)'5', (byte)'9', 0xFF }, value, out _, out _));
        Assert.False(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(new string('5', 200)), value, out _, out _));

        // An absent (empty) key is not checked.
        Assert.True(TransactionCodec.TryParse(ReadOnlySpan<byte>.Empty, value, out _, out _));
        Assert.True(TransactionCodec.TryParse((byte[]?)null, value, out _, out _));
    }

    [Fact]
    public void Random_truncations_and_corruptions_never_throw()
    {
        var random = new Random(7);
        var messages = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(Example),
            TransactionCodec.Serialize(new Transaction(-1, "caf\u00e9 \"\\\u0001 \ud83d\ude00", 0, 123456789, -1)),
            Encoding.UTF8.GetBytes("""{"eventTime":"2018-04-01T02:00:31.5+02:00","x":[{"y":null}],"amount":5716e-2,"terminalId":1,"cardId":"\u0035","transactionId":9}"""),
        };
        for (var i = 0; i < 50; i++)
        {
            var cardId = new string((char)random.Next(0x20, 0x7F), random.Next(1, 70));
            messages.Add(TransactionCodec.Serialize(new Transaction(random.NextInt64(), cardId, random.NextInt64(), random.NextInt64(0, 1_000_000_000_001), random.NextInt64(-10_000_000_000_000, 10_000_000_000_000))));
        }

        var parsed = 0;
        foreach (var message in messages)
        {
            for (var length = 0; length <= message.Length; length++)
            {
                Check(message.AsSpan(0, length));
            }

            for (var round = 0; round < 300; round++)
            {
                var corrupted = (byte[])message.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
                }

                Check(corrupted.AsSpan(0, random.Next(corrupted.Length + 1)));
                Check(corrupted);
            }
        }

        Assert.True(parsed > messages.Count);

        void Check(ReadOnlySpan<byte> value)
        {
            var ok = TransactionCodec.TryParse(value, out var tx, out var error);
            Assert.Equal(ok, error is null);
            if (ok)
            {
                parsed++;
                Assert.NotNull(tx.CardId);
                Assert.True(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(tx.CardId), value, out _, out _));
            }

            // With a key that is (nearly always) not the card id: refused, never thrown.
            TransactionCodec.TryParse(value[..Math.Min(3, value.Length)], value, out _, out _);
        }
    }

    [Fact]
    public void Complete_random_messages_round_trip()
    {
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var tx = new Transaction(
                random.NextInt64(long.MinValue, long.MaxValue),
                random.Next(0, 5000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                random.NextInt64(long.MinValue, long.MaxValue),
                random.NextInt64(0, TransactionCodec.MaxAmountMinor + 1),
                random.NextInt64(TransactionCodec.MinEventTimeMs, TransactionCodec.MaxEventTimeMs + 1));

            var bytes = TransactionCodec.Serialize(tx);
            Assert.True(TransactionCodec.TryParse(TransactionCodec.SerializeKey(tx.CardId), bytes, out var parsed, out var error), error);
            Assert.Equal(tx, parsed);
        }
    }

    [Fact]
    public void Parsing_allocates_only_the_card_id_and_writing_nothing()
    {
        var value = Encoding.UTF8.GetBytes(Example);
        var buffer = new byte[256];
        for (var i = 0; i < 1_000; i++)
        {
            TransactionCodec.TryParse("596"u8, value, out _, out _);
            TransactionCodec.Write(ExampleTransaction, buffer);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            TransactionCodec.Write(ExampleTransaction, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        var oneString = GC.GetAllocatedBytesForCurrentThread();
        _ = new string('5', 3);
        var stringSize = GC.GetAllocatedBytesForCurrentThread() - oneString;

        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            TransactionCodec.TryParse("596"u8, value, out _, out _);
        }

        Assert.Equal(1_000 * stringSize, GC.GetAllocatedBytesForCurrentThread() - before);

        // Refusals allocate nothing either (the reasons are constants).
        var invalid = Encoding.UTF8.GetBytes(WithField("amount", "57.161"));
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            TransactionCodec.TryParse(invalid, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Transaction Parse(string json)
    {
        Assert.True(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out var tx, out var error), error);
        return tx;
    }

    /// <summary>The example with one field's JSON value replaced, or removed when <paramref name="json"/> is null.</summary>
    private static string WithField(string field, string? json)
    {
        var fields = new List<(string Name, string Json)>
        {
            ("transactionId", "123"),
            ("cardId", "\"596\""),
            ("terminalId", "3156"),
            ("amount", "57.16"),
            ("eventTime", "\"2018-04-01T00:00:31Z\""),
        };
        var index = fields.FindIndex(f => f.Name == field);
        if (json is null)
        {
            fields.RemoveAt(index);
        }
        else
        {
            fields[index] = (field, json);
        }

        return "{" + string.Join(",", fields.Select(f => $"\"{f.Name}\":{f.Json}")) + "}";
    }
}
