using System.Text;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest.Codec;
using Fraud.Orleans.Ingest.Labels;

namespace Fraud.Orleans.Tests.Labels;

public sealed class LabelCodecTests
{
    private const string Example = """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""";
    private const string WatermarkExample = """{"labelsCompleteThrough":"2018-04-01T00:15:00Z"}""";

    private static readonly long ExampleTimeMs = new DateTimeOffset(2018, 4, 1, 0, 0, 31, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long WatermarkMs = new DateTimeOffset(2018, 4, 1, 0, 15, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly FraudLabel ExampleLabel = new(123, 3156, ExampleTimeMs);

    [Fact]
    public void Writes_the_documented_label_and_watermark()
    {
        Assert.Equal(Example, Encoding.UTF8.GetString(LabelCodec.Serialize(ExampleLabel)));
        Assert.Equal("3156", Encoding.ASCII.GetString(LabelCodec.SerializeKey(3156)));
        Assert.Equal(WatermarkExample, Encoding.UTF8.GetString(LabelCodec.SerializeWatermark(WatermarkMs)));
    }

    [Fact]
    public void A_label_carries_its_transactions_event_time_byte_for_byte()
    {
        foreach (var ms in new[] { ExampleTimeMs, ExampleTimeMs + 250, 0L, -1L, TransactionCodec.MaxEventTimeMs })
        {
            var transaction = Encoding.UTF8.GetString(TransactionCodec.Serialize(new Transaction(1, "9", 2, 100, ms)));
            var label = Encoding.UTF8.GetString(LabelCodec.Serialize(new FraudLabel(1, 2, ms)));

            Assert.Equal(TimeText(transaction), TimeText(label));
        }

        static string TimeText(string json) => json[(json.IndexOf("\"eventTime\":\"", StringComparison.Ordinal) + 13)..^2];
    }

    [Theory]
    [InlineData(0L, 0L, 0L)]
    [InlineData(1_169_722L, 9_999L, 1_533_081_533_000L)]
    [InlineData(long.MaxValue, long.MinValue, 1L)]
    [InlineData(-5L, -7L, -62_135_596_800_000L)]
    [InlineData(42L, 42L, 253_402_300_799_999L)]
    public void Labels_round_trip(long transactionId, long terminalId, long eventTimeMs)
    {
        var label = new FraudLabel(transactionId, terminalId, eventTimeMs);
        Span<byte> value = stackalloc byte[LabelCodec.MaxLabelByteCount];
        Span<byte> key = stackalloc byte[LabelCodec.MaxKeyByteCount];

        var valueLength = LabelCodec.Write(label, value);
        var keyLength = LabelCodec.WriteKey(terminalId, key);

        Assert.Equal(LabelCodec.GetByteCount(label), valueLength);
        Assert.True(LabelCodec.TryParse(key[..keyLength], value[..valueLength], out var record, out var error), error);
        Assert.Equal(LabelRecordKind.Label, record.Kind);
        Assert.Equal(label, record.Label);
    }

    [Theory]
    [InlineData(1_522_541_700_000L)]
    [InlineData(1_522_541_700_123L)]
    [InlineData(-62_135_596_800_000L)]
    [InlineData(253_402_300_799_999L)]
    public void Watermarks_round_trip_without_a_key(long completeThroughMs)
    {
        Assert.True(LabelCodec.TryParse(default, LabelCodec.SerializeWatermark(completeThroughMs), out var record, out var error), error);

        Assert.True(record.IsWatermark);
        Assert.Equal(completeThroughMs, record.CompleteThroughMs);
    }

    [Fact]
    public void Fields_in_any_order_with_unknown_fields_and_offsets_are_accepted()
    {
        const string Value = """{"eventTime":"2018-04-01T02:00:31+02:00","note":{"a":[1,2]},"terminalId":3156,"transactionId":123}""";

        Assert.True(LabelCodec.TryParse("3156"u8, Encoding.UTF8.GetBytes(Value), out var record, out var error), error);
        Assert.Equal(ExampleLabel, record.Label);
    }

    [Fact]
    public void Writing_needs_room_and_a_time_within_years_1_to_9999()
    {
        Assert.Throws<ArgumentException>(() => LabelCodec.Write(ExampleLabel, new byte[Example.Length - 1]));
        Assert.Throws<ArgumentException>(() => LabelCodec.Serialize(ExampleLabel with { EventTimeMs = TransactionCodec.MaxEventTimeMs + 1 }));
        Assert.Throws<ArgumentException>(() => LabelCodec.SerializeWatermark(TransactionCodec.MinEventTimeMs - 1));
    }

    [Theory]
    [InlineData("3156", "", "invalid JSON: empty")]
    [InlineData("3156", "   ", "invalid JSON: empty")]
    [InlineData("3156", "[1]", "invalid JSON: not an object")]
    [InlineData("3156", """{"transactionId":123""", "invalid JSON")]
    [InlineData("3156", """{"transactionId":123,}""", "invalid JSON")]
    [InlineData("3156", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"} x""", "invalid JSON")]
    [InlineData("3156", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}{}""", "invalid JSON")]
    [InlineData("3156", """{"transactionId":"123","terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "wrong type: transactionId must be an integer")]
    [InlineData("3156", """{"transactionId":1.5,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "wrong type: transactionId must be an integer")]
    [InlineData("3156", """{"transactionId":123,"terminalId":null,"eventTime":"2018-04-01T00:00:31Z"}""", "wrong type: terminalId must be an integer")]
    [InlineData("3156", """{"transactionId":123,"terminalId":3156,"eventTime":1522540831}""", "wrong type: eventTime must be a string")]
    [InlineData("3156", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01"}""", "invalid eventTime: not an ISO-8601 date-time")]
    [InlineData("3156", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31"}""", "invalid eventTime: no UTC offset")]
    [InlineData("3156", """{"transactionId":123,"transactionId":124,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "duplicate field: transactionId")]
    [InlineData("3156", """{"transactionId":123,"\ud800abc":1,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "invalid JSON: a field name escapes a lone surrogate")]
    [InlineData("3156", """{"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "missing field: transactionId")]
    [InlineData("3156", """{"transactionId":123,"eventTime":"2018-04-01T00:00:31Z"}""", "missing field: terminalId")]
    [InlineData("3156", """{"transactionId":123,"terminalId":3156}""", "missing field: eventTime")]
    [InlineData("", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "missing key: a label is keyed by its terminal id")]
    [InlineData("3157", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "key mismatch: the message key is not the terminalId in decimal")]
    [InlineData("03156", """{"transactionId":123,"terminalId":3156,"eventTime":"2018-04-01T00:00:31Z"}""", "key mismatch: the message key is not the terminalId in decimal")]
    [InlineData("3156", """{"other":1}""", "neither a label nor a watermark: no transactionId, terminalId, eventTime or labelsCompleteThrough")]
    [InlineData("", """{"labelsCompleteThrough":"2018-04-01T00:15:00Z","transactionId":123}""", "ambiguous record: labelsCompleteThrough (a watermark) together with label fields")]
    [InlineData("3156", """{"labelsCompleteThrough":"2018-04-01T00:15:00Z"}""", "key mismatch: a watermark has no key")]
    [InlineData("", """{"labelsCompleteThrough":"yesterday"}""", "invalid labelsCompleteThrough: not an ISO-8601 date-time")]
    [InlineData("", """{"labelsCompleteThrough":"2018-04-01T00:15:00"}""", "invalid labelsCompleteThrough: no UTC offset")]
    [InlineData("", """{"labelsCompleteThrough":0}""", "wrong type: labelsCompleteThrough must be a string")]
    [InlineData("", """{"labelsCompleteThrough":"2018-04-01T00:15:00Z","labelsCompleteThrough":"2018-04-01T00:30:00Z"}""", "duplicate field: labelsCompleteThrough")]
    public void Malformed_records_are_refused_with_a_reason(string key, string value, string reason)
    {
        Assert.False(LabelCodec.TryParse(Encoding.ASCII.GetBytes(key), Encoding.UTF8.GetBytes(value), out var record, out var error));

        Assert.Equal(reason, error);
        Assert.Equal(LabelRecordKind.None, record.Kind);
    }

    [Fact]
    public void Escaped_times_are_read_like_a_transactions()
    {
        const string Value = """{"labelsCompleteThrough":"2018-04-01T00:15:00\u005A"}""";

        Assert.True(LabelCodec.TryParse(default, Encoding.UTF8.GetBytes(Value), out var record, out var error), error);
        Assert.Equal(WatermarkMs, record.CompleteThroughMs);
    }
}
