namespace Fraud.Orleans.Ingest.Codec;

/// <summary>
/// Finds text that looks like a primary account number (PAN): 13 to 19 ASCII digits, possibly grouped by single
/// spaces or dashes (<c>4111 1111 1111 1111</c>, <c>4111-1111-1111-1111</c>), passing the Luhn check, and not part
/// of a longer digit run. Card ids are tokens; a PAN on the topic is a producer bug that must not spread further.
/// </summary>
/// <remarks>
/// With <c>jsonEscapes</c>, JSON escapes are undone on the fly (<c>\u0034</c> is the digit 4), so an escaped number
/// neither hides from <see cref="Contains"/> nor survives <see cref="Mask(ReadOnlySpan{byte}, bool)"/>.
/// </remarks>
public static class CardNumbers
{
    public const int MinDigits = 13;
    public const int MaxDigits = 19;
    private const int KeptFirst = 6;
    private const int KeptLast = 4;

    /// <summary>Whether the UTF-8 text holds a PAN. Allocates nothing.</summary>
    public static bool Contains(ReadOnlySpan<byte> text, bool jsonEscapes)
    {
        var position = 0;
        while (NextRun(text, jsonEscapes, ref position, out _, out _, out var isPan))
        {
            if (isPan)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy of the text with each PAN's digits past the first 6 and before the last 4 replaced by <c>*</c>.</summary>
    public static byte[] Mask(ReadOnlySpan<byte> text, bool jsonEscapes)
    {
        var output = new List<byte>(text.Length);
        var position = 0;
        var copied = 0;
        while (NextRun(text, jsonEscapes, ref position, out var start, out var digitCount, out var isPan))
        {
            if (!isPan)
            {
                continue;
            }

            output.AddRange(text[copied..start]);
            var digitIndex = 0;
            var at = start;
            while (at < position)
            {
                var unit = Decode(text, at, jsonEscapes, out var length);
                var hidden = unit is >= '0' and <= '9' && digitIndex >= KeptFirst && digitIndex < digitCount - KeptLast;
                if (unit is >= '0' and <= '9')
                {
                    digitIndex++;
                }

                if (hidden)
                {
                    output.Add((byte)'*');
                }
                else
                {
                    output.AddRange(text.Slice(at, length));
                }

                at += length;
            }

            copied = position;
        }

        output.AddRange(text[copied..]);
        return [.. output];
    }

    /// <summary>The text with each PAN masked (first 6 and last 4 digits kept), for logs and messages.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return Contains(bytes, jsonEscapes: false) ? System.Text.Encoding.UTF8.GetString(Mask(bytes, jsonEscapes: false)) : text;
    }

    /// <summary>
    /// The next digit run at or after <paramref name="position"/>: its first byte in <paramref name="start"/>, the position
    /// moved past its last digit, whether it is a PAN. False when the text holds no more digits.
    /// </summary>
    private static bool NextRun(ReadOnlySpan<byte> text, bool jsonEscapes, ref int position, out int start, out int digitCount, out bool isPan)
    {
        Span<byte> digits = stackalloc byte[MaxDigits];
        start = -1;
        digitCount = 0;
        isPan = false;
        while (position < text.Length)
        {
            var unit = Decode(text, position, jsonEscapes, out var length);
            if (unit is >= '0' and <= '9')
            {
                if (start < 0)
                {
                    start = position;
                }

                if (digitCount < MaxDigits)
                {
                    digits[digitCount] = (byte)(unit - '0');
                }

                digitCount++;
                position += length;
                continue;
            }

            if (start >= 0)
            {
                // A single space or dash between two digits groups them; anything else ends the run.
                if (unit is ' ' or '-' && position + length < text.Length && Decode(text, position + length, jsonEscapes, out _) is >= '0' and <= '9')
                {
                    position += length;
                    continue;
                }

                break;
            }

            position += length;
        }

        if (start < 0)
        {
            return false;
        }

        isPan = digitCount is >= MinDigits and <= MaxDigits && Luhn(digits[..digitCount]);
        return true;
    }

    /// <summary>The character at <paramref name="position"/> (a JSON escape undone when asked) and how many bytes it takes; -1 for one of no interest.</summary>
    private static int Decode(ReadOnlySpan<byte> text, int position, bool jsonEscapes, out int length)
    {
        length = 1;
        var b = text[position];
        if (b != (byte)'\\' || !jsonEscapes || position + 1 >= text.Length)
        {
            return b;
        }

        length = 2;
        if (text[position + 1] != (byte)'u' || position + 5 >= text.Length)
        {
            return -1;
        }

        var code = 0;
        for (var i = position + 2; i < position + 6; i++)
        {
            var digit = HexValue(text[i]);
            if (digit < 0)
            {
                return -1;
            }

            code = (code * 16) + digit;
        }

        length = 6;
        return code < 0x80 ? code : -1;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>The Luhn (mod 10) check over digit values, the last being the check digit.</summary>
    public static bool Luhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }
}
