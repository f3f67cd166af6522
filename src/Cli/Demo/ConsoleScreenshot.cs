using Fraud.Orleans.Silo.Api;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>
/// <c>fraud demo --console</c>: while the demo streams, the live console is opened in headless Chromium with the
/// session's keys, and once its charts have a few seconds of figures and its queue shows cases with their card
/// histories, the browser's view is written as a PNG.
/// </summary>
internal static class ConsoleScreenshot
{
    public const string DefaultPath = "artifacts/console.png";

    // Enough seconds of figures for the charts to show a trend, enough cases to fill the view below them.
    private const int Samples = 12;
    private const int Cases = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <returns>The full path of the screenshot.</returns>
    public static async Task<string> CaptureAsync(Uri silo, SessionApiKeys? keys, string path)
    {
        if (keys is null)
        {
            throw new InvalidOperationException("the console screenshot needs the session's keys, and this silo was given Api:Keys");
        }

        await using var browser = await ConsoleBrowser.OpenAsync(silo, keys[ApiRoles.Operator], keys[ApiRoles.Analyst]);
        await browser.WaitForChartsAsync(Samples, Timeout);
        await browser.WaitForQueueAsync(Cases, Timeout);
        await browser.ScreenshotAsync(path);
        return Path.GetFullPath(path);
    }
}
