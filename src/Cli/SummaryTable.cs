using Spectre.Console;

namespace Fraud.Orleans.Cli;

/// <summary>
/// The figures a command ends with: a Spectre.Console table at a terminal, the same rows as aligned plain lines when
/// output goes to a log or CI (<see cref="ConsoleMode"/>). The first column names a figure, the others hold values.
/// </summary>
public sealed class SummaryTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public SummaryTable Row(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {columns.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>A line under the table (a ratio, a caveat).</summary>
    public SummaryTable Note(string line)
    {
        _notes.Add(line);
        return this;
    }

    public void Write(TextWriter output)
    {
        if (ConsoleMode.Interactive && ReferenceEquals(output, Console.Out))
        {
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
            for (var c = 0; c < columns.Length; c++)
            {
                var column = new TableColumn(Markup.Escape(columns[c]));
                table.AddColumn(c == 0 ? column : column.RightAligned());
            }

            foreach (var row in _rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.WriteLine();
            AnsiConsole.Write(table);
            foreach (var note in _notes)
            {
                AnsiConsole.WriteLine("  " + note);
            }

            return;
        }

        var widths = Enumerable.Range(0, columns.Length)
            .Select(c => _rows.Select(r => r[c].Length).Append(columns[c].Length).Max())
            .ToArray();
        output.WriteLine();
        output.WriteLine(title);
        if (columns.Skip(1).Any(c => c.Length > 0))
        {
            output.WriteLine(Line(columns, widths));
        }

        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths));
        }

        foreach (var note in _notes)
        {
            output.WriteLine("  " + note);
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        ("  " + string.Join("  ", cells.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])))).TrimEnd();
}
