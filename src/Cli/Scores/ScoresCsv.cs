using System.Globalization;

namespace Fraud.Orleans.Cli.Scores;

/// <summary>
/// The scores file <c>fraud replay</c> writes and <c>fraud evaluate</c> reads: one row per transaction, sorted by
/// TRANSACTION_ID, <c>TX_DATETIME</c> as in the handbook file (<c>yyyy-MM-dd HH:mm:ss</c>, UTC), the score with
/// round-trip precision and the decision as the signal table stores it; with a challenger model in shadow, its score
/// in a sixth column, so that both are evaluated on the same signals.
/// </summary>
public static class ScoresCsv
{
    public const string Header = "TRANSACTION_ID,CUSTOMER_ID,TX_DATETIME,score,decision";

    public const string ChallengerColumn = "challenger_score";

    public const string HeaderWithChallenger = Header + "," + ChallengerColumn;

    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static bool TryParseDateTime(ReadOnlySpan<char> text, out long unixMs)
    {
        var ok = DateTime.TryParseExact(text, DateTimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value);
        unixMs = ok ? new DateTimeOffset(value, TimeSpan.Zero).ToUnixTimeMilliseconds() : 0;
        return ok;
    }
}
