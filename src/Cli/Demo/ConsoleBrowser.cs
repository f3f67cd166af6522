using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;

namespace Fraud.Orleans.Cli.Demo;

/// <summary>
/// The live console (<c>/console</c>) in Debian's headless Chromium, driven by Playwright: opened with an operator and an
/// analyst key, then waited on until its charts and queue show what the silo reports. What <c>fraud demo --console</c>
/// screenshots and the browser tests drive. Playwright's own browser builds are never used (nor downloaded): the
/// system's <c>chromium</c> package is, which <c>./fraud setup</c> installs.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly ConcurrentQueue<string> _errors = new();

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue(error);
    }

    public IPage Page { get; }

    /// <summary>Errors the page reported (script errors, refused requests, Content-Security-Policy violations).</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Launches Chromium, opens the console of the silo at <paramref name="silo"/> and connects with the keys.</summary>
    /// <exception cref="FileNotFoundException">Chromium is not installed where Debian puts it.</exception>
    public static async Task<ConsoleBrowser> OpenAsync(Uri silo, string operatorKey, string analystKey, string chromium = ChromiumPath)
    {
        if (!File.Exists(chromium))
        {
            throw new FileNotFoundException(
                $"No Chromium at {chromium}: the live console is driven in Debian's 'chromium' package, which './fraud setup' installs (apt-get install chromium).",
                chromium);
        }

        var playwright = await Playwright.CreateAsync();
        IBrowser? browser = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1100 } });
            var opened = new ConsoleBrowser(playwright, browser, page);
            await page.GotoAsync(new Uri(silo, "/console").ToString());
            await page.FillAsync("#operator-key", operatorKey);
            await page.FillAsync("#analyst-key", analystKey);
            await page.ClickAsync("#connect");
            return opened;
        }
        catch
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Samples drawn on every chart (one a second once two figures were read).</summary>
    public Task<int> ChartSamplesAsync() =>
        Page.EvaluateAsync<int>("() => Math.min(...[...document.querySelectorAll('canvas')].map(c => +c.dataset.samples))");

    /// <summary>Decisions the silo had counted at the page's last read of its figures.</summary>
    public Task<long> DecidedAsync() => Page.EvaluateAsync<long>("() => +document.getElementById('throughput-chart').dataset.decided");

    /// <summary>Transaction ids of the open cases the page shows, in its order.</summary>
    public Task<long[]> OpenCasesAsync() =>
        Page.EvaluateAsync<long[]>("() => [...document.querySelectorAll('#queue li.case')].map(li => +li.dataset.transactionId)");

    /// <summary>Waits until every chart has drawn at least <paramref name="samples"/> samples.</summary>
    public Task WaitForChartsAsync(int samples, TimeSpan timeout) =>
        WaitAsync(
            "n => [...document.querySelectorAll('canvas')].every(c => +c.dataset.samples >= n)", samples, timeout,
            $"every chart drawing {samples} samples");

    /// <summary>Waits until the queue shows at least <paramref name="cases"/> open cases with their card's history loaded.</summary>
    public Task WaitForQueueAsync(int cases, TimeSpan timeout) =>
        WaitAsync("n => document.querySelectorAll('#queue li.case.with-history').length >= n", cases, timeout, $"{cases} open cases with their history");

    /// <summary>Waits until a JavaScript predicate of <paramref name="arg"/> holds, failing with what the page shows when it does not.</summary>
    public async Task WaitAsync(string predicate, object? arg, TimeSpan timeout, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(predicate, arg, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The console did not show {what} within {timeout.TotalSeconds:0} s. {await DescribeAsync()}", ex);
        }
    }

    /// <summary>The page's status lines, chart samples and queue, for a failure message.</summary>
    public async Task<string> DescribeAsync()
    {
        var shown = await Page.EvaluateAsync<string>(
            """
            () => [
              'silo: ' + document.getElementById('silo').textContent,
              'queue: ' + document.getElementById('queue-status').textContent,
              'samples: ' + [...document.querySelectorAll('canvas')].map(c => c.id + '=' + c.dataset.samples).join(' '),
              'cases: ' + document.querySelectorAll('#queue li.case').length,
            ].join('; ')
            """);
        return string.Create(CultureInfo.InvariantCulture, $"Page: {shown}. Errors: [{string.Join(" | ", _errors)}]");
    }

    /// <summary>A PNG of the browser's viewport (charts on top, the queue's oldest cases below).</summary>
    public async Task ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
