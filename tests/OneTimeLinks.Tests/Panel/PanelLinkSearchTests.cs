using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>Issue 24: each tab of the panel's links shows its count, and a search (a plain GET form) filters by note or contact.</summary>
public sealed class PanelLinkSearchTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private async Task<string> OpenAsync(string panel, string query)
    {
        var (response, html) = await App.Browser().GetPageAsync(panel + query);
        AssertHtml(response, HttpStatusCode.OK, html, query);
        AssertPageHeaders(response, query);
        return html;
    }

    private static int Shown(string html) => System.Text.RegularExpressions.Regex.Count(html, "<li class=\"panel-link\" id=\"link-");

    [Fact]
    public async Task Open_LinksOfEveryStatus_EachTabShowsItsCount()
    {
        await App.LinkAsync();
        await App.LinkAsync();
        var (_, _, revoked) = await App.LinkAsync();
        await App.RevokeAsync(revoked);
        await App.LinkAsync(new { expiresAt = "2026-12-07T08:00:00Z" });
        App.Time.Advance(TimeSpan.FromHours(2));
        var panel = await App.MintPanelPathAsync();

        var html = await OpenAsync(panel, "");

        Assert.Contains("aria-describedby=\"count-active\" aria-current=\"page\">Active</a> <span class=\"panel-count\" id=\"count-active\">(2)</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"count-used\">(0)</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"count-expired\">(1)</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"count-revoked\">(1)</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ByNoteOrContactIgnoringCase_ShowsOnlyTheTabsMatches()
    {
        var (_, _, byNote) = await App.LinkAsync(new { note = "Follow-up CALL with the clinic" });
        var (_, _, byName) = await App.LinkAsync(new { note = "Other", contact = new { name = "Ana Pérez" } });
        var (_, _, byEmail) = await App.LinkAsync(new { contact = new { email = "Bob@Example.com" } });
        var (_, _, revoked) = await App.LinkAsync(new { note = "call back, revoked" });
        await App.RevokeAsync(revoked);
        var panel = await App.MintPanelPathAsync();

        var call = await OpenAsync(panel, "?status=active&q=call");
        var perez = await OpenAsync(panel, "?q=P%C3%89REZ");
        var email = await OpenAsync(panel, "?q=bob%40example");
        var none = await OpenAsync(panel, "?q=nobody");

        Assert.Equal(1, Shown(call));
        Assert.Contains($"id=\"link-{byNote}\"", call, StringComparison.Ordinal);
        Assert.Contains("<input id=\"link-search\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"call\">", call, StringComparison.Ordinal);
        Assert.Contains($"href=\"{panel}?status=revoked&amp;q=call\"", call, StringComparison.Ordinal);
        Assert.Contains($"id=\"link-{byName}\"", perez, StringComparison.Ordinal);
        Assert.Equal(1, Shown(perez));
        Assert.Contains($"id=\"link-{byEmail}\"", email, StringComparison.Ordinal);
        Assert.Equal(1, Shown(email));
        Assert.Equal(0, Shown(none));
        Assert.Contains("No link here matches the search.", none, StringComparison.Ordinal);
        var revokedTab = await OpenAsync(panel, "?status=revoked&q=CALL");
        Assert.Contains($"id=\"link-{revoked}\"", revokedTab, StringComparison.Ordinal);
        Assert.Equal(1, Shown(revokedTab));
    }

    [Fact]
    public async Task Search_MoreMatchesThanAPage_ContinuesWithShowMore()
    {
        for (var i = 0; i < 23; i++)
        {
            await App.LinkAsync(new { note = i % 2 == 0 ? $"match {i}" : $"other {i}" });
        }

        for (var i = 0; i < 20; i++)
        {
            await App.LinkAsync(new { note = $"Match late {i}" });
        }

        var panel = await App.MintPanelPathAsync();

        var first = await OpenAsync(panel, "?q=match");
        var more = System.Text.RegularExpressions.Regex.Match(first, "<a class=\"button secondary\" href=\"([^\"]+)\">Show more</a>");
        Assert.True(more.Success, "a Show more link");
        var second = await OpenAsync(System.Net.WebUtility.HtmlDecode(more.Groups[1].Value), "");

        Assert.Equal(20, Shown(first));
        Assert.Equal(12, Shown(second));
        Assert.DoesNotContain("panel-note\">other", second, StringComparison.Ordinal);
    }
}
