using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fraud.Orleans.Cli.Demo;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.LiveConsole;
using Fraud.Orleans.Tests.Support;
using Xunit.Abstractions;

namespace Fraud.Orleans.Tests.Integration;

/// <summary>
/// The live console in a real browser (Debian's Chromium, headless, driven by Playwright) on a silo under a steady
/// stream: its charts draw the silo's figures as they move, its queue shows open cases with their reasons and card
/// history, and a case labelled with its button leaves the open queue, in the page and in the silo.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ConsoleBrowserTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly long Monday = new DateTimeOffset(2018, 4, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task The_console_charts_the_live_figures_and_a_labelled_case_leaves_the_open_queue()
    {
        using var model = new ReviewEverythingModel();
        var names = fixture.NewNames(partitions: 2);
        await using var silo = await TestSilo.StartAsync(fixture, names, new Dictionary<string, string?> { ["Silo:ModelPath"] = model.OnnxPath });
        var keys = silo.SessionKeys!;
        using var traffic = new CancellationTokenSource();
        var streaming = Task.Run(() => Stream(names, traffic.Token));
        try
        {
            var clock = Stopwatch.StartNew();
            await using var browser = await ConsoleBrowser.OpenAsync(silo.HttpAddress, keys[ApiRoles.Operator], keys[ApiRoles.Analyst]);
            output.WriteLine($"browser open after {clock.Elapsed.TotalSeconds:0.0} s");

            // The charts update: more samples drawn, and a later read of the figures counts more decisions.
            await browser.WaitForChartsAsync(2, Deadline);
            var decided = await browser.DecidedAsync();
            await browser.WaitAsync(
                "n => +document.getElementById('throughput-chart').dataset.decided > n && document.getElementById('throughput-chart').dataset.samples >= 4",
                decided, Deadline, $"more than the {decided} decisions counted at the second sample, four samples in");
            Assert.True(await SeriesPixelsAsync(browser) > 0, "the throughput chart drew its series below the legend");
            output.WriteLine($"charts moving after {clock.Elapsed.TotalSeconds:0.0} s");

            // The queue: open cases oldest first, each with its reasons and its card's recent history.
            await browser.WaitForQueueAsync(1, Deadline);
            var shown = await browser.OpenCasesAsync();
            var first = shown[0];
            var row = $"#queue li.case[data-transaction-id='{first}']";
            Assert.NotEmpty(await browser.Page.Locator($"{row} .reasons li").AllTextContentsAsync());
            Assert.Contains(await browser.Page.Locator($"{row} .reasons li").AllTextContentsAsync(), r => r is "MODEL_SCORE_REVIEW" or "MODEL_SCORE_BLOCK");
            Assert.True(await browser.Page.Locator($"{row} .history tbody tr").CountAsync() > 0, $"case {first} shows its card's history");
            Assert.Equal(5, await browser.Page.Locator($"{row} .why li").CountAsync()); // the model's top contributions beside the reasons
            using var analyst = silo.ApiClient(ApiRoles.Analyst);
            var open = await OpenCasesAsync(analyst);
            Assert.All(shown, id => Assert.Contains(id, open));
            Assert.Equal(shown.OrderBy(open.IndexOf), shown);

            // Labelled with its button: the case leaves the page's queue, and the silo has it labelled by the analyst's key.
            await browser.Page.ClickAsync($"{row} button[data-label='fraud']");
            await browser.WaitAsync("id => !document.querySelector(`#queue li.case[data-transaction-id='${id}']`)", first, Deadline, $"case {first} gone from the queue");
            output.WriteLine($"case {first} labelled after {clock.Elapsed.TotalSeconds:0.0} s");
            var labelled = (await analyst.GetFromJsonAsync<JsonElement>($"/v1/reviews/{first}")).GetProperty("case");
            Assert.Equal(("labelled", "fraud", "session-analyst"), (labelled.GetProperty("status").GetString(), labelled.GetProperty("label").GetString(), labelled.GetProperty("labelledBy").GetString()));
            Assert.DoesNotContain(first, await OpenCasesAsync(analyst));

            // The next reads of the queue fill its place and never bring it back.
            await browser.WaitAsync(
                "id => document.querySelectorAll('#queue li.case').length >= 2 && !document.querySelector(`#queue li.case[data-transaction-id='${id}']`)",
                first, Deadline, "the queue refilled without the labelled case");
            Assert.True(browser.Errors.Count == 0, $"the page reported errors: {string.Join(" | ", browser.Errors)}");
        }
        finally
        {
            await traffic.CancelAsync();
            await streaming;
        }
    }

    [Fact]
    public async Task The_page_is_served_under_a_policy_that_allows_only_its_own_files()
    {
        var names = fixture.NewNames(partitions: 1);
        await using var silo = await TestSilo.StartAsync(fixture, names);
        using var anonymous = TestSilo.ClientWithKey(silo, null);
        foreach (var (name, mediaType) in ConsoleAssets.MediaTypes)
        {
            using var response = await anonymous.GetAsync(name == "console.html" ? "/console" : "/console/" + name);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType.Split(';')[0], response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ConsoleEndpoints.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        Assert.DoesNotContain("unsafe", ConsoleEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        var page = await anonymous.GetStringAsync("/console");
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http", page.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_chromium_the_browser_test_fails_and_says_how_to_install_it()
    {
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(
            () => ConsoleBrowser.OpenAsync(new Uri("http://127.0.0.1:9/"), "operator", "analyst", chromium: "/nonexistent/chromium"));

        Assert.Contains("./fraud setup", missing.Message, StringComparison.Ordinal);
        Assert.Contains("chromium", missing.Message, StringComparison.Ordinal);
    }

    /// <summary>Pixels of the throughput series' colour below the legend: the chart drew data, not only its frame.</summary>
    private static Task<int> SeriesPixelsAsync(ConsoleBrowser browser) => browser.Page.EvaluateAsync<int>(
        """
        () => {
          const canvas = document.getElementById('throughput-chart');
          const ratio = window.devicePixelRatio || 1;
          const top = Math.ceil(18 * ratio);
          const data = canvas.getContext('2d').getImageData(0, top, canvas.width, canvas.height - top).data;
          let count = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (Math.abs(data[i] - 0x2f) < 12 && Math.abs(data[i + 1] - 0x6d) < 12 && Math.abs(data[i + 2] - 0xb5) < 12 && data[i + 3] > 200) count++;
          }
          return count;
        }
        """);

    private static async Task<List<long>> OpenCasesAsync(HttpClient analyst)
    {
        var page = await analyst.GetFromJsonAsync<JsonElement>("/v1/reviews?status=open&limit=100");
        return page.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("transactionId").GetInt64()).ToList();
    }

    /// <summary>A hundred transactions a second over a few dozen cards until cancelled, so the figures keep moving.</summary>
    private void Stream(TestNames names, CancellationToken cancellationToken)
    {
        using var producer = new TransactionProducer(fixture.Infrastructure.Kafka.BootstrapServers, names.Topic);
        var clock = Stopwatch.StartNew();
        for (var i = 1; !cancellationToken.IsCancellationRequested; i++)
        {
            producer.Produce(new Transaction(i, $"console-card-{i % 40}", 100 + (i % 7), (i * 37 % 500 + 5) * 100, Monday + i * 60_000L));
            while (clock.ElapsedMilliseconds < i * 10 && !cancellationToken.IsCancellationRequested)
            {
                cancellationToken.WaitHandle.WaitOne(5); // pacing the stream, not waiting for a result
            }
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }
}
