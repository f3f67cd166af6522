using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;

namespace Fraud.Orleans.Tests.Codec;

public sealed class TransactionAdmissionTests
{
    private const long Now = 1_700_000_000_000;
    private static readonly TimeSpan Ahead = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(0L, true)]
    [InlineData(-1L, false)]
    [InlineData(-62_135_596_800_000L, false)]
    [InlineData(Now, true)]
    [InlineData(Now + 3_600_000, true)]
    [InlineData(Now + 3_600_001, false)]
    [InlineData(253_402_300_799_999L, false)]
    public void Event_times_before_1970_or_ahead_of_the_clock_are_refused(long eventTimeMs, bool admitted)
    {
        var error = TransactionAdmission.Check(new Transaction(1, "c", 2, 100, eventTimeMs), Now, Ahead);

        Assert.Equal(admitted, error is null);
        if (error is not null)
        {
            Assert.Equal(DeadLetterReason.EventTimeOutOfRange, DeadLetterReason.CodeOf(error));
        }
    }
}
