using System.IO.Compression;
using System.Text;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Tests.Simulator;

public sealed class HandbookCsvTests
{
    private const string Row0 = "0,2018-04-01 00:00:31,596,3156,57.16,31,0,0,0";
    private static readonly long StartMs = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Reads_the_first_10000_rows_of_the_handbook_data()
    {
        var rows = HandbookCsv.Read(HandbookData.Path).Take(10_000).ToList();

        Assert.Equal(10_000, rows.Count);
        var first = rows[0];
        Assert.Equal(new Transaction(0, "596", 3156, 5716, StartMs + 31_000), first.Transaction);
        Assert.False(first.IsFraud);
        Assert.Equal(0, first.Scenario);

        // 1,2018-04-01 00:02:10,4961,3412,81.51,130,0,0,0 and 2,2018-04-01 00:07:56,2,1365,146.00,476,0,0,0
        Assert.Equal(new Transaction(1, "4961", 3412, 8151, StartMs + 130_000), rows[1].Transaction);
        Assert.Equal(new Transaction(2, "2", 1365, 14600, StartMs + 476_000), rows[2].Transaction);

        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i, rows[i].Transaction.TransactionId);
            Assert.Equal(rows[i].Scenario != 0, rows[i].IsFraud);
            if (i > 0)
            {
                Assert.True(rows[i].Transaction.EventTimeMs >= rows[i - 1].Transaction.EventTimeMs);
            }
        }

        Assert.Contains(rows, r => r.IsFraud);
        Assert.Same(rows[0].Transaction.CardId, rows.Skip(1).First(r => r.Transaction.CardId == "596").Transaction.CardId);
    }

    [Fact]
    public void Rewriting_the_first_10000_rows_gives_the_same_bytes()
    {
        var expected = new StringBuilder();
        using (var gzip = new GZipStream(File.OpenRead(HandbookData.Path), CompressionMode.Decompress))
        using (var text = new StreamReader(gzip, Encoding.ASCII))
        {
            for (var i = 0; i <= 10_000; i++)
            {
                expected.Append(text.ReadLine()).Append('\n');
            }
        }

        using var output = new MemoryStream();
        var written = HandbookCsv.Write(output, HandbookCsv.Read(HandbookData.Path).Take(10_000), leaveOpen: true);

        Assert.Equal(10_000, written);
        Assert.Equal(expected.ToString(), Encoding.ASCII.GetString(output.ToArray()));
    }

    [Fact]
    public void Reads_the_whole_handbook_data_with_the_documented_totals()
    {
        long rows = 0, frauds = 0, lastId = -1;
        var scenarios = new long[4];
        var customers = new HashSet<string>();
        foreach (var row in HandbookCsv.Read(HandbookData.Path))
        {
            Assert.Equal(lastId + 1, row.Transaction.TransactionId);
            lastId = row.Transaction.TransactionId;
            rows++;
            frauds += row.IsFraud ? 1 : 0;
            scenarios[row.Scenario]++;
            customers.Add(row.Transaction.CardId);
        }

        // shared/data/README.md
        Assert.Equal(1_169_723, rows);
        Assert.Equal(9_465, frauds);
        Assert.Equal([1_169_723 - 9_465, 660, 5_749, 3_056], scenarios);
        Assert.Equal(4_986, customers.Count);
    }

    [Fact]
    public void Writes_the_handbook_row_format()
    {
        var tx = new SimulatedTransaction(new Transaction(0, "596", 3156, 5716, StartMs + 31_000), false, 0);
        var fraud = new SimulatedTransaction(new Transaction(1234567, "4999", 9999, 123456789, StartMs + (121L * 86_400_000) + 86_399_000), true, 3);
        var cents = new SimulatedTransaction(new Transaction(5, "0", 0, 7, StartMs + 1_000), true, 1);

        Assert.Equal(
            HandbookCsv.Header + "\n" + Row0 + "\n"
            + "1234567,2018-07-31 23:59:59,4999,9999,1234567.89,10540799,121,1,3\n"
            + "5,2018-04-01 00:00:01,0,0,0.07,1,0,1,1\n",
            WriteToString([tx, fraud, cents]));
    }

    [Fact]
    public void Times_count_from_the_given_start_date_and_may_be_negative()
    {
        var tx = new SimulatedTransaction(new Transaction(0, "1", 2, 300, StartMs - 1_000), false, 0);

        var text = WriteToString([tx], new DateOnly(2018, 4, 1));
        Assert.EndsWith("0,2018-03-31 23:59:59,1,2,3.00,-1,-1,0,0\n", text, StringComparison.Ordinal);

        var later = WriteToString([tx], new DateOnly(2018, 3, 30));
        Assert.EndsWith("0,2018-03-31 23:59:59,1,2,3.00,172799,1,0,0\n", later, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_sequence_writes_just_the_header()
    {
        Assert.Equal(HandbookCsv.Header + "\n", WriteToString([]));
        Assert.Empty(HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(HandbookCsv.Header + "\n"))));
    }

    [Fact]
    public void Simulated_transactions_round_trip_through_a_plain_stream()
    {
        var simulated = TransactionSimulator.Generate(new SimulatorOptions { Customers = 300, Days = 20 }).ToList();

        using var stream = new MemoryStream();
        HandbookCsv.Write(stream, simulated, leaveOpen: true);
        stream.Position = 0;
        var read = HandbookCsv.Read(stream).ToList();

        Assert.Equal(simulated, read);
        Assert.Contains(read, t => t.Scenario == 3);
    }

    [Fact]
    public void Simulated_transactions_round_trip_through_a_gzip_file()
    {
        var simulated = TransactionSimulator.Generate(new SimulatorOptions { Customers = 200, Days = 10 }).ToList();
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"handbook-{Guid.NewGuid():N}.csv.gz");
        try
        {
            Assert.Equal(simulated.Count, HandbookCsv.Write(path, simulated));

            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x1F, 0x8B], bytes[..2]); // compressed because of the .gz name
            Assert.Equal(simulated, HandbookCsv.Read(path));

            // Detected by the magic bytes, not the name.
            var renamed = System.IO.Path.ChangeExtension(path, ".data");
            File.Move(path, renamed);
            path = renamed;
            Assert.Equal(simulated, HandbookCsv.Read(renamed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Gzip_is_detected_on_a_stream_that_cannot_seek()
    {
        var plain = Encoding.ASCII.GetBytes(HandbookCsv.Header + "\n" + Row0 + "\n");
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        var fromGzip = HandbookCsv.Read(new ForwardOnlyStream(compressed.ToArray())).Single();
        var fromPlain = HandbookCsv.Read(new ForwardOnlyStream(plain)).Single();

        Assert.Equal(5716, fromGzip.Transaction.AmountMinor);
        Assert.Equal(fromGzip, fromPlain);
    }

    [Fact]
    public void Crlf_line_endings_a_bom_a_missing_final_newline_and_blank_lines_are_accepted()
    {
        var text = "\uFEFF" + HandbookCsv.Header + "\r\n" + Row0 + "\r\n\r\n1,2018-04-01 00:02:10,4961,3412,81.5,130,0,0,0";

        var rows = HandbookCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text))).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(8150, rows[1].Transaction.AmountMinor);
    }

    [Fact]
    public void Amounts_are_read_exactly()
    {
        Assert.Equal(5716, ReadAmount("57.16"));
        Assert.Equal(14600, ReadAmount("146"));
        Assert.Equal(50, ReadAmount("0.5"));
        Assert.Equal(1, ReadAmount("0.01"));
        Assert.Equal(0, ReadAmount("0.00"));
        Assert.Equal(123456789012, ReadAmount("1234567890.12"));
    }

    [Theory]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,31,0,0", "expected 9 comma-separated fields but found 8")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,31,0,0,0,9", "expected 9 comma-separated fields but found 10")]
    [InlineData("x,2018-04-01 00:00:31,596,3156,57.16,31,0,0,0", "TRANSACTION_ID 'x'")]
    [InlineData("-1,2018-04-01 00:00:31,596,3156,57.16,31,0,0,0", "TRANSACTION_ID '-1'")]
    [InlineData("0,2018-13-01 00:00:31,596,3156,57.16,31,0,0,0", "TX_DATETIME '2018-13-01 00:00:31'")]
    [InlineData("0,2018-02-29 00:00:31,596,3156,57.16,31,0,0,0", "TX_DATETIME")]
    [InlineData("0,2018-04-01T00:00:31,596,3156,57.16,31,0,0,0", "TX_DATETIME")]
    [InlineData("0,2018-04-01 24:00:00,596,3156,57.16,31,0,0,0", "TX_DATETIME")]
    [InlineData("0,2018-04-01 00:00:31,,3156,57.16,31,0,0,0", "CUSTOMER_ID ''")]
    [InlineData("0,2018-04-01 00:00:31,99999999999,3156,57.16,31,0,0,0", "CUSTOMER_ID")]
    [InlineData("0,2018-04-01 00:00:31,596,t1,57.16,31,0,0,0", "TERMINAL_ID 't1'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.161,31,0,0,0", "TX_AMOUNT '57.161'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,-57.16,31,0,0,0", "TX_AMOUNT '-57.16'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.,31,0,0,0", "TX_AMOUNT '57.'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,5e3,31,0,0,0", "TX_AMOUNT '5e3'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,3.1,0,0,0", "TX_TIME_SECONDS '3.1'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,31,a,0,0", "TX_TIME_DAYS 'a'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,31,0,2,0", "TX_FRAUD '2'")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,31,0,0,", "TX_FRAUD_SCENARIO ''")]
    public void Malformed_lines_are_reported_with_their_line_number(string line, string reason)
    {
        var text = HandbookCsv.Header + "\n" + Row0 + "\n" + Row0 + "\n" + line + "\n" + Row0 + "\n";

        var rows = new List<SimulatedTransaction>();
        var exception = Assert.Throws<HandbookCsvFormatException>(() =>
        {
            foreach (var row in HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(text))))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(2, rows.Count); // the good lines before it were delivered
        Assert.Equal(4, exception.LineNumber);
        Assert.StartsWith("Handbook CSV line 4: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_numbers_count_blank_lines()
    {
        var text = HandbookCsv.Header + "\n" + Row0 + "\n\n\r\n" + Row0 + "\n" + Row0.Replace("57.16", "x", StringComparison.Ordinal) + "\n";

        var exception = Assert.Throws<HandbookCsvFormatException>(() =>
            HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(text))).ToList());

        Assert.Equal(6, exception.LineNumber);
        Assert.Contains("TX_AMOUNT 'x'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_or_missing_header_is_reported_on_line_1()
    {
        var wrong = Assert.Throws<HandbookCsvFormatException>(() =>
            HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(Row0 + "\n"))).ToList());
        Assert.Equal(1, wrong.LineNumber);
        Assert.Contains("expected the header", wrong.Message, StringComparison.Ordinal);

        var empty = Assert.Throws<HandbookCsvFormatException>(() => HandbookCsv.Read(new MemoryStream()).ToList());
        Assert.Equal(1, empty.LineNumber);
        Assert.Contains("header line is missing", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_longer_than_the_buffer_is_reported()
    {
        var text = HandbookCsv.Header + "\n" + Row0 + "\n" + new string('1', 200_000) + "\n";

        var exception = Assert.Throws<HandbookCsvFormatException>(() =>
            HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(text))).ToList());

        Assert.Equal(3, exception.LineNumber);
        Assert.Contains("longer than", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", 0L, 1000L)]
    [InlineData("0596", 0L, 1000L)]
    [InlineData("-5", 0L, 1000L)]
    [InlineData("5", -1L, 1000L)]
    [InlineData("5", 100L, 1500L)]
    public void Transactions_the_format_cannot_hold_are_refused(string cardId, long amount, long eventTimeMs)
    {
        var tx = new SimulatedTransaction(new Transaction(0, cardId, 1, amount, StartMs + eventTimeMs), false, 0);

        Assert.Throws<ArgumentException>(() => WriteToString([tx]));
    }

    [Fact]
    public void The_reader_shares_one_card_id_string_per_customer()
    {
        var text = HandbookCsv.Header + "\n" + Row0 + "\n" + Row0.Replace("0,2018", "1,2018", StringComparison.Ordinal) + "\n";

        var rows = HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(text))).ToList();

        Assert.Same(rows[0].Transaction.CardId, rows[1].Transaction.CardId);
    }

    private static long ReadAmount(string amount)
    {
        var text = HandbookCsv.Header + "\n" + Row0.Replace("57.16", amount, StringComparison.Ordinal) + "\n";
        return HandbookCsv.Read(new MemoryStream(Encoding.ASCII.GetBytes(text))).Single().Transaction.AmountMinor;
    }

    private static string WriteToString(IEnumerable<SimulatedTransaction> transactions, DateOnly? startDate = null)
    {
        using var stream = new MemoryStream();
        HandbookCsv.Write(stream, transactions, startDate, leaveOpen: true);
        return Encoding.ASCII.GetString(stream.ToArray());
    }

    /// <summary>A read-only stream that cannot seek, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
