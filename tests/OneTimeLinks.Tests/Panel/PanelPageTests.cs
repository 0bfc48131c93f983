using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>Opening the owner's panel: the live session's links, its headers and language, the ended page (issue 24).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PanelPageTests(AzuriteFixture azurite) : CalendarAppTests(azurite)
{
    private const string EndedText = "Open it again from your CRM.";

    [Fact]
    public async Task Open_LiveSession_ListsTheActiveLinksWithThePageHeaders()
    {
        await App.LinkAsync();
        var path = await App.MintPanelPathAsync();

        var (response, html) = await App.Browser().GetPageAsync(path);

        AssertHtml(response, HttpStatusCode.OK, html, "panel");
        AssertPageHeaders(response, "panel");
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Contains(Note, html, StringComparison.Ordinal);
        Assert.Contains("Jane Doe", html, StringComparison.Ordinal);
        Assert.Contains("Times are shown in Europe/Berlin.", html, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\">Active</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SessionWithAllowedOrigins_FrameAncestorsAreThoseOrigins()
    {
        var path = await App.MintPanelPathAsync(new { allowedOrigins = new[] { "https://crm.example.com", "http://127.0.0.1:5000" } });

        var (response, html) = await App.Browser().GetPageAsync(path);

        AssertHtml(response, HttpStatusCode.OK, html, "embeddable panel");
        AssertPageHeaders(response, "embeddable panel", "https://crm.example.com http://127.0.0.1:5000");
    }

    [Fact]
    public async Task Open_UnknownMalformedEndedOrExpiredSession_TheSameEndedPage404()
    {
        var live = await App.MintPanelPathAsync();
        var ended = await App.MintAsync();
        using var end = await App.EndPanelSessionAsync(ended["sessionId"]!.GetValue<string>());
        var expiring = await App.MintPanelPathAsync(new { lifetimeMinutes = 5 });
        var wrongSecret = live[..^4] + (live[^4..] == "AAAA" ? "BBBB" : "AAAA");
        App.Time.Advance(TimeSpan.FromMinutes(5));

        var browser = App.Browser();
        foreach (var (what, path) in new[]
        {
            ("wrong secret", wrongSecret),
            ("malformed", "/api/panel/not-a-token"),
            ("other calendar", live.Replace("/panel/dr-smith.", "/panel/dr-jones.", StringComparison.Ordinal)),
            ("ended", Api.PathOf(ended["url"]!.GetValue<string>())),
            ("expired", expiring),
        })
        {
            var (response, html) = await browser.GetPageAsync(path);

            AssertHtml(response, HttpStatusCode.NotFound, html, what);
            AssertPageHeaders(response, what);
            Assert.Contains(EndedText, html, StringComparison.Ordinal);
            Assert.DoesNotContain(Note, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Open_EndedSessionWithAReturnUrl_LinksBackToTheCrm()
    {
        var minted = await App.MintAsync(new { returnUrl = "https://crm.example.com/calendars/7?tab=links" });
        using var end = await App.EndPanelSessionAsync(minted["sessionId"]!.GetValue<string>());

        var (response, html) = await App.Browser().GetPageAsync(Api.PathOf(minted["url"]!.GetValue<string>()));

        AssertHtml(response, HttpStatusCode.NotFound, html, "ended");
        Assert.Contains(EndedText, html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://crm.example.com/calendars/7?tab=links\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "fr", "nl", "de")] // the session's language wins over ?lang= and Accept-Language
    [InlineData(null, "fr", "nl", "fr")] // then ?lang=
    [InlineData(null, null, "nl-BE, en;q=0.5", "nl")] // then the browser's
    [InlineData(null, null, null, "en")]
    public async Task Open_Language_SessionThenQueryThenAcceptLanguage(string? session, string? query, string? acceptLanguage, string expected)
    {
        var path = await App.MintPanelPathAsync(session is null ? null : new { language = session });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path + (query is null ? "" : "?lang=" + query), UriKind.Relative));
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        using var response = await App.Browser().SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{expected}\">", html, StringComparison.Ordinal);
    }
}
