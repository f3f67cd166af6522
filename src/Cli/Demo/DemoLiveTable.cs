using System.Globalization;
using Spectre.Console;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>A table redrawn in place every second, with a progress bar of the run's duration, for a person at a terminal.</summary>
internal sealed class DemoLiveTable(LiveDisplayContext display, Table table, double durationSeconds) : IDemoView
{
    private string _note = "streaming";

    public static Table CreateTable() => new Table().Border(TableBorder.Rounded).Title("fraud demo").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());

    public void Show(DemoSnapshot s)
    {
        var inv = CultureInfo.InvariantCulture;
        var done = Math.Clamp(s.Elapsed.TotalSeconds / durationSeconds, 0, 1);
        var bar = new string('█', (int)(done * 30)) + new string('░', 30 - (int)(done * 30));
        table.Rows.Clear();
        table.AddRow("elapsed", string.Create(inv, $"{bar} {s.Elapsed.TotalSeconds:0} / {durationSeconds:0} s"));
        table.AddRow("status", Markup.Escape(_note));
        table.AddRow("sent", s.Sent.ToString("N0", inv));
        table.AddRow("decided / durable", string.Create(inv, $"{s.Decided:N0} / {s.Durable:N0}"));
        table.AddRow("signals durable last second", s.SignalsPerSecond.ToString("N0", inv));
        table.AddRow("produce→durable, last second", string.Create(inv, $"p50 {s.RecentP50Ms:0.0} ms   p99 {s.RecentP99Ms:0.0} ms"));
        table.AddRow("decisions", string.Create(inv, $"[green]approve {s.Approved:N0}[/]  [yellow]review {s.Reviewed:N0}[/]  [red]block {s.Blocked:N0}[/]"));
        table.AddRow("active cards", s.ActiveCards.ToString("N0", inv));
        table.AddRow("dead-lettered", s.DeadLettered.ToString("N0", inv));
        display.Refresh();
    }

    public void Note(string message)
    {
        _note = message;
        display.Refresh();
    }
}
