namespace Fraud.Orleans.Cli.Demo;

/// <summary>Where the demo shows its progress: a live table in a terminal, one line a second elsewhere.</summary>
internal interface IDemoView
{
    void Show(DemoSnapshot snapshot);

    void Note(string message);
}
