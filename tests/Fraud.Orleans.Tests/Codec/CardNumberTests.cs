using System.Text;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Ingest.Codec;

namespace Fraud.Orleans.Tests.Codec;

/// <summary>Card ids are tokens: anything that looks like a PAN is refused and masked (first 6, last 4).</summary>
public sealed class CardNumberTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("card 4111111111111111!", true)]
    [InlineData("378282246310005", true)] // Amex, 15 digits
    [InlineData("6011000990139424", true)]
    [InlineData("4222222222222", true)] // 13 digits
    [InlineData("4111111111111112", false)] // fails Luhn
    [InlineData("411111111111", false)] // 12 digits
    [InlineData("41111111111111111111", false)] // 20 digits: part of a longer number
    [InlineData("4111  1111 1111 1111", false)] // two separators: four short groups
    [InlineData("2018-04-01T00:00:31Z", false)]
    [InlineData("596", false)]
    [InlineData("", false)]
    public void Pans_are_recognised(string text, bool expected)
    {
        Assert.Equal(expected, CardNumbers.Contains(Encoding.UTF8.GetBytes(text), jsonEscapes: false));
    }

    [Theory]
    [InlineData("4111111111111111", "411111******1111")]
    [InlineData("x 4111-1111-1111-1111 y 378282246310005", "x 4111-11**-****-1111 y 378282*****0005")]
    [InlineData("no pan 12345", "no pan 12345")]
    public void Masking_keeps_the_first_6_and_last_4_digits(string text, string expected)
    {
        Assert.Equal(expected, CardNumbers.Mask(text));
    }

    [Fact]
    public void Json_escaped_digits_neither_hide_a_pan_nor_survive_masking()
    {
        var escaped = "{\"cardId\":\"\\u0034111111111111111\"}"u8.ToArray();

        Assert.True(CardNumbers.Contains(escaped, jsonEscapes: true));
        var masked = CardNumbers.Mask(escaped, jsonEscapes: true);
        Assert.Equal("{\"cardId\":\"\\u003411111******1111\"}", Encoding.UTF8.GetString(masked));
        Assert.False(CardNumbers.Contains(masked, jsonEscapes: true));
    }

    [Theory]
    [InlineData("""{"transactionId":1,"cardId":"4111111111111111","terminalId":2,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z"}""")]
    [InlineData("""{"transactionId":1,"cardId":"4111 1111 1111 1111","terminalId":2,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z"}""")]
    [InlineData("""{"transactionId":1,"cardId":"\u0034111111111111111","terminalId":2,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z"}""")]
    [InlineData("""{"transactionId":1,"cardId":"tok-1","terminalId":2,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z","note":"pan 4111-1111-1111-1111"}""")]
    [InlineData("""{"transactionId":1,"cardId":"tok-1","terminalId":2,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z","extra":{"deep":["4111111111111111"]}}""")]
    [InlineData("""{"transactionId":1,"cardId":"tok-1","terminalId":2,"amount":1.00,"eventTime":"4111111111111111"}""")]
    [InlineData("""{"transactionId":1,"cardId":"tok-1","terminalId":2,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z","4111111111111111":true}""")]
    public void A_record_with_a_pan_in_any_string_is_refused(string json)
    {
        Assert.False(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal(DeadLetterReason.CardNumber, DeadLetterReason.CodeOf(error));
    }

    [Fact]
    public void Numbers_are_not_card_numbers()
    {
        // A 64-bit id passes Luhn one time in ten: numbers are ids, only strings are checked.
        var json = """{"transactionId":4111111111111111,"cardId":"tok-1","terminalId":4111111111111111,"amount":1.00,"eventTime":"2018-04-01T00:00:31Z"}""";
        Assert.True(TransactionCodec.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error), error);
    }
}
