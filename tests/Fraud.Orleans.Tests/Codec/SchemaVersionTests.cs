using System.Text;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Tests.Codec;

/// <summary>docs/wire-format.md: v1 (no schemaVersion), v2 (optional merchantCategoryCode), nothing else.</summary>
public sealed class SchemaVersionTests
{
    private const string V1 = """{"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z"}""";
    private static readonly Transaction Example = new(123, "596", 3156, 5716, 1_522_540_831_000);

    [Theory]
    [InlineData(V1)]
    [InlineData("""{"schemaVersion":1,"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z"}""")]
    [InlineData("""{"schemaVersion":2,"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z"}""")]
    [InlineData("""{"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z","merchantCategoryCode":"nonsense"}""")]
    [InlineData("""{"schemaVersion":1,"merchantCategoryCode":5411,"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z"}""")]
    public void Version_1_and_version_2_without_the_new_field_decode_alike(string json)
    {
        Assert.True(TransactionCodec.TryParse("596"u8, Encoding.UTF8.GetBytes(json), out var tx, out var error), error);
        Assert.Equal(Example, tx);
    }

    [Theory]
    [InlineData("5411", (short)5411)]
    [InlineData("0742", (short)742)]
    [InlineData("0000", (short)0)]
    public void Version_2_carries_the_merchant_category_code_wherever_the_version_field_is(string code, short expected)
    {
        var after = $$"""{"transactionId":123,"merchantCategoryCode":"{{code}}","cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z","schemaVersion":2}""";

        Assert.True(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(after), out var tx, out var error), error);
        Assert.Equal(Example with { MerchantCategoryCode = expected }, tx);
    }

    [Fact]
    public void A_transaction_with_a_merchant_category_code_is_written_as_version_2_and_one_without_as_version_1()
    {
        Assert.Equal(V1, Encoding.UTF8.GetString(TransactionCodec.Serialize(Example)));

        var v2 = Example with { MerchantCategoryCode = 742 };
        var bytes = TransactionCodec.Serialize(v2);
        Assert.Equal(
            """{"schemaVersion":2,"transactionId":123,"cardId":"596","terminalId":3156,"amount":57.16,"eventTime":"2018-04-01T00:00:31Z","merchantCategoryCode":"0742"}""",
            Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, TransactionCodec.GetByteCount(v2));
        Assert.True(bytes.Length <= TransactionCodec.GetMaxByteCount(3));
        Assert.True(TransactionCodec.TryParse("596"u8, bytes, out var parsed, out var error), error);
        Assert.Equal(v2, parsed);
        Assert.Throws<ArgumentException>(() => TransactionCodec.Serialize(Example with { MerchantCategoryCode = 10_000 }));
    }

    [Theory]
    [InlineData("\"schemaVersion\":3,", "unsupported schema version: only 1 and 2 are known")]
    [InlineData("\"schemaVersion\":0,", "unsupported schema version: only 1 and 2 are known")]
    [InlineData("\"schemaVersion\":-1,", "unsupported schema version: only 1 and 2 are known")]
    [InlineData("\"schemaVersion\":99999999999,", "unsupported schema version: only 1 and 2 are known")]
    [InlineData("\"schemaVersion\":\"2\",", "wrong type: schemaVersion must be an integer")]
    [InlineData("\"schemaVersion\":2.5,", "wrong type: schemaVersion must be an integer")]
    [InlineData("\"schemaVersion\":2,\"schemaVersion\":2,", "duplicate field: schemaVersion")]
    [InlineData("\"schemaVersion\":2,\"merchantCategoryCode\":\"541\",", "invalid merchantCategoryCode: not a string of 4 digits")]
    [InlineData("\"schemaVersion\":2,\"merchantCategoryCode\":5411,", "invalid merchantCategoryCode: not a string of 4 digits")]
    [InlineData("\"schemaVersion\":2,\"merchantCategoryCode\":\"54a1\",", "invalid merchantCategoryCode: not a string of 4 digits")]
    public void Unknown_versions_and_bad_version_2_fields_are_refused_with_their_reason(string prefix, string expected)
    {
        var json = "{" + prefix + V1[1..];

        Assert.False(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal(expected, error);
        Assert.NotEqual(DeadLetterReason.Other, DeadLetterReason.CodeOf(error));
    }

    [Fact]
    public void An_unknown_version_is_reported_as_such_even_when_its_fields_differ()
    {
        Assert.False(TransactionCodec.TryParse("""{"schemaVersion":3,"id":"x"}"""u8, out _, out var error));
        Assert.Equal(DeadLetterReason.UnsupportedSchemaVersion, DeadLetterReason.CodeOf(error));
    }

    [Fact]
    public void Version_2_parsing_allocates_only_the_card_id()
    {
        var value = TransactionCodec.Serialize(Example with { MerchantCategoryCode = 5411 });
        for (var i = 0; i < 100; i++)
        {
            TransactionCodec.TryParse("596"u8, value, out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        TransactionCodec.TryParse("596"u8, value, out _, out _);
        var one = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            TransactionCodec.TryParse("596"u8, value, out _, out _);
        }

        Assert.Equal(1_000 * one, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(one <= 40, $"{one} bytes per parse");
    }
}
