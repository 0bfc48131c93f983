using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// One panel session generates at most 60 links a minute (issue 24, "Security"): the 61st is a readable 429 with
/// Retry-After and writes nothing, under concurrency too; another session and the next minute are not affected.
/// </summary>
public sealed class PanelGenerateLimitTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private async Task<(string Panel, string FormToken)> PanelAsync()
    {
        var panel = await App.MintPanelPathAsync();
        var (response, html) = await App.Browser().GetPageAsync(panel);
        AssertHtml(response, HttpStatusCode.OK, html, "links page");
        return (panel, PanelTestHelpers.FormTokenOf(html));
    }

    private async Task<HttpStatusCode> GenerateAsync(string panel, string formToken)
    {
        var (response, _) = await App.Browser().PostPanelFormAsync(panel + "/links", [new("formToken", formToken), new("note", "Rate")]);
        using (response)
        {
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task Generate_SeventyAtOnceFromOneSession_CreatesExactlySixtyAndRefusesTen()
    {
        var (panel, formToken) = await PanelAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 70).Select(_ => GenerateAsync(panel, formToken)));

        Assert.Equal(60, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.Equal(60, await App.CountRowsAsync("link|"));
        Assert.Equal(60, Bus.SentEvents(Core.Events.LinkEventTypes.Generated).Count);
    }

    [Fact]
    public async Task Generate_SixtyFirstInAMinute_IsAReadable429WithRetryAfterAndWritesNothing()
    {
        var (panel, formToken) = await PanelAsync();
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await GenerateAsync(panel, formToken));
        }

        App.Time.Advance(TimeSpan.FromSeconds(45));
        var rowsBefore = await App.RowsAsync();
        var (response, html) = await App.Browser().PostPanelFormAsync(panel + "/links", [new("formToken", formToken), new("note", "One more")]);

        AssertHtml(response, HttpStatusCode.TooManyRequests, html, "61st generate");
        AssertPageHeaders(response, "61st generate");
        Assert.Equal("15", response.Headers.GetValues("Retry-After").Single());
        Assert.Contains("at most 60 links a minute", html, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await App.RowsAsync());

        // Another session of the same calendar has its own count; the first session counts afresh in the next minute.
        var (other, otherToken) = await PanelAsync();
        Assert.Equal(HttpStatusCode.OK, await GenerateAsync(other, otherToken));
        App.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, await GenerateAsync(panel, formToken));
    }

    [Fact]
    public async Task Sweep_AfterTheSessionExpires_PurgesItsRateCounters()
    {
        var panel = await App.MintPanelPathAsync(new { lifetimeMinutes = 5 });
        var (_, html) = await App.Browser().GetPageAsync(panel);
        Assert.Equal(HttpStatusCode.OK, await GenerateAsync(panel, PanelTestHelpers.FormTokenOf(html)));
        Assert.Equal(1, await App.CountRowsAsync("panelrate|"));

        App.Time.Advance(TimeSpan.FromMinutes(6));
        await Approval.ApprovalApi.SweepAsync(App);

        Assert.Equal(0, await App.CountRowsAsync("panelrate|"));
        Assert.DoesNotContain(await App.RowsAsync(), r => r.RowKey.Contains("panelrate|", StringComparison.Ordinal));
    }
}
