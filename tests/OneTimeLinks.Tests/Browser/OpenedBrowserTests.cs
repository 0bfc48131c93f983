using Microsoft.Playwright;
using OneTimeLinks.Tests.Events;
using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.Browser;

/// <summary>
/// "Opened" counts only opens a browser confirms: scanner-like GETs and HEADs (HTML or JSON, no script) count nothing;
/// the booking page rendered in Chromium counts once and publishes one opened event with the link's metadata.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OpenedBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private readonly ServiceBusSenderCapture _bus = new();

    [Fact]
    public async Task ScannerGetsAndHeads_CountNothing_AndABrowserOpenCountsOnce_WithAnOpenedEvent()
    {
        await using var app = await TestApp.StartAsync(azurite, services: _bus.Register);
        var (_, path, linkId) = await app.CalendarAndLinkAsync(link: new { metadata = new { dealId = "D-7" } });
        var (_, _, neverId) = await app.LinkAsync();

        // What mail scanners and link previews do: GET the HTML, GET JSON, HEAD; none runs the page's script.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            foreach (var accept in new[] { "text/html", "application/json" })
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Add("Accept", accept);
                request.Headers.Add("User-Agent", "Mozilla/5.0 (compatible; SafeLinks scanner)");
                using var response = await app.Public.SendAsync(request);
            }
        }

        await AssertOpenedAsync(app, linkId, count: 0);
        Assert.Empty(_bus.SentEvents(LinkEventTypes.Opened));

        // A browser without JavaScript still gets a working page, and counts nothing either.
        await using (var noScript = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), JavaScriptEnabled = false }))
        {
            var page = await noScript.NewPageAsync();
            Assert.Equal(200, (await page.GotoAsync(path))!.Status);
            await Assertions.Expect(page.Locator("form.booking-form")).ToBeVisibleAsync();
        }

        await AssertOpenedAsync(app, linkId, count: 0);

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var browser = await context.NewPageAsync();
        var confirmed = browser.WaitForResponseAsync(r => r.Url.EndsWith("/opened", StringComparison.Ordinal));
        Assert.Equal(200, (await browser.GotoAsync(path))!.Status);
        Assert.Equal(204, (await confirmed).Status);

        var link = await AssertOpenedAsync(app, linkId, count: 1);
        Assert.Equal(TestApp.DefaultNow, Infrastructure.Api.Parse(link["firstOpenedAt"]!));
        Assert.Equal("active", link["status"]!.GetValue<string>());

        var opened = Assert.Single(_bus.SentEvents(LinkEventTypes.Opened)).Event;
        var data = JsonNode.Parse(opened.Data!.ToString())!.AsObject();
        Assert.Equal(linkId, data["linkId"]!.GetValue<string>());
        Assert.Equal("D-7", data["metadata"]!["dealId"]!.GetValue<string>());

        // A second open counts, but the event is for the first only.
        var again = browser.WaitForResponseAsync(r => r.Url.EndsWith("/opened", StringComparison.Ordinal));
        await browser.ReloadAsync();
        Assert.Equal(204, (await again).Status);
        await AssertOpenedAsync(app, linkId, count: 2);
        Assert.Single(_bus.SentEvents(LinkEventTypes.Opened));

        // The CRM follows up with contacts who never looked.
        using var never = await app.ListAsync("?opened=false");
        Assert.Equal([neverId], (await never.AssertJsonAsync(HttpStatusCode.OK))["links"]!.AsArray().Select(l => l!["linkId"]!.GetValue<string>()));
        using var seen = await app.ListAsync("?opened=true");
        Assert.Equal([linkId], (await seen.AssertJsonAsync(HttpStatusCode.OK))["links"]!.AsArray().Select(l => l!["linkId"]!.GetValue<string>()));
        using var bad = await app.ListAsync("?opened=maybe");
        Assert.NotNull((await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["opened"]);
    }

    [Fact]
    public async Task ConfirmOpen_UnknownToken_Is404()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var response = await app.Public.PostAsync(path[..^3] + "xyz/opened", null);
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<JsonObject> AssertOpenedAsync(TestApp app, string linkId, int count)
    {
        using var response = await app.GetLinkAsync(linkId);
        var link = await response.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(count, link["openCount"]!.GetValue<int>());
        Assert.Equal(count == 0, link["firstOpenedAt"] is null);
        return link;
    }
}
