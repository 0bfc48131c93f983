using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>Revoking from the panel, and the CSRF guard every panel POST passes first (issue 24, "Security").</summary>
public sealed class PanelRevokeTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private async Task<(string Panel, string LinkId, string Confirm, string FormToken)> ConfirmPageAsync(object? session = null)
    {
        var (_, _, linkId) = await App.LinkAsync();
        var panel = await App.MintPanelPathAsync(session ?? new { actor = new { id = "user-7", name = "Dana Owner" } });
        var confirm = $"{panel}/links/{linkId}/revoke";
        var (response, html) = await App.Browser().GetPageAsync(confirm);
        AssertHtml(response, HttpStatusCode.OK, html, "revoke confirmation");
        AssertPageHeaders(response, "revoke confirmation");
        return (panel, linkId, confirm, PanelTestHelpers.FormTokenOf(html));
    }

    private async Task<string> LinkStatusAsync(string linkId)
    {
        using var response = await App.GetLinkAsync(linkId);
        return (await response.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>();
    }

    [Fact]
    public async Task Revoke_ConfirmedWithTheFormToken_RevokesAsThePanelActorAndShowsTheRevokedTab()
    {
        var (panel, linkId, confirm, formToken) = await ConfirmPageAsync();

        var (response, _) = await App.Browser().PostPanelFormAsync(confirm, [new("formToken", formToken)]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        AssertPageHeaders(response, "303 after revoke");
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal(panel + "?status=revoked&done=revoked", location);
        Assert.Equal("revoked", await LinkStatusAsync(linkId));
        var sessionId = panel.Split('.')[1];
        var expected = new JsonObject { ["type"] = "panel", ["id"] = sessionId, ["name"] = "Dana Owner" }.ToJsonString();
        Assert.Equal(expected, Assert.Single(Bus.SentEvents(Core.Events.LinkEventTypes.Revoked)).Event.DataObject()["actor"]!.ToJsonString());
        var (page, html) = await App.Browser().GetPageAsync(location);
        AssertHtml(page, HttpStatusCode.OK, html, "revoked tab");
        Assert.Contains("The link was revoked.", html, StringComparison.Ordinal);
        Assert.Contains(Note, html, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string?> Refusals => new()
    {
        { "no form token", null, PanelTestHelpers.PanelOrigin },
        { "a made-up form token", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", PanelTestHelpers.PanelOrigin },
        { "the page's token, tampered", "tamper", PanelTestHelpers.PanelOrigin },
        { "no Origin", "page", null },
        { "another site's Origin", "page", "https://evil.example" },
        { "the panel's origin over http", "page", "http://book.example.test" },
        { "Origin null", "page", "null" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Revoke_WithoutTheFormTokenOrTheOwnOrigin_Is403AndRevokesNothing(string what, string? token, string? origin)
    {
        var (_, linkId, confirm, formToken) = await ConfirmPageAsync();
        List<KeyValuePair<string, string>> fields = token switch
        {
            null => [],
            "page" => [new("formToken", formToken)],
            "tamper" => [new("formToken", formToken[..^2] + (formToken[^2..] == "AA" ? "BB" : "AA"))],
            _ => [new("formToken", token)],
        };

        var (response, html) = await App.Browser().PostPanelFormAsync(confirm, fields, origin);

        AssertHtml(response, HttpStatusCode.Forbidden, html, what);
        AssertPageHeaders(response, what);
        Assert.Contains("nothing was changed", html, StringComparison.Ordinal);
        Assert.Equal("active", await LinkStatusAsync(linkId));
        Assert.Empty(Bus.SentEvents(Core.Events.LinkEventTypes.Revoked));
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    [InlineData("none")]
    public async Task Revoke_OriginNullFromElsewhere_Is403AndRevokesNothing(string fetchSite)
    {
        var (_, linkId, confirm, formToken) = await ConfirmPageAsync();

        var (response, html) = await App.Browser().PostPanelFormAsync(confirm, [new("formToken", formToken)], "null", fetchSite);

        AssertHtml(response, HttpStatusCode.Forbidden, html, fetchSite);
        Assert.Equal("active", await LinkStatusAsync(linkId));
        Assert.Empty(Bus.SentEvents(Core.Events.LinkEventTypes.Revoked));
    }

    /// <summary>What Chromium sends for the panel's own form under its no-referrer policy (the browser tests post this way).</summary>
    [Fact]
    public async Task Revoke_OriginNullFromThePanelItself_Revokes()
    {
        var (_, linkId, confirm, formToken) = await ConfirmPageAsync();

        var (response, _) = await App.Browser().PostPanelFormAsync(confirm, [new("formToken", formToken)], "null", "same-origin");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("revoked", await LinkStatusAsync(linkId));
    }

    [Fact]
    public async Task Revoke_WithAnotherSessionsFormToken_Is403AndRevokesNothing()
    {
        var (panel, linkId, _, _) = await ConfirmPageAsync();
        var (_, _, otherConfirm, otherToken) = await ConfirmPageAsync();
        Assert.NotEqual(panel, otherConfirm[..panel.Length]);

        var (response, html) = await App.Browser().PostPanelFormAsync($"{panel}/links/{linkId}/revoke", [new("formToken", otherToken)]);

        AssertHtml(response, HttpStatusCode.Forbidden, html, "another session's token");
        Assert.Equal("active", await LinkStatusAsync(linkId));
    }

    [Fact]
    public async Task Revoke_AfterTheSessionEnded_IsTheEndedPageAndRevokesNothing()
    {
        var (panel, linkId, confirm, formToken) = await ConfirmPageAsync();
        using var end = await App.EndPanelSessionAsync(panel.Split('.')[1]);

        var (response, html) = await App.Browser().PostPanelFormAsync(confirm, [new("formToken", formToken)]);

        AssertHtml(response, HttpStatusCode.NotFound, html, "ended session");
        Assert.Contains("Open it again from your CRM.", html, StringComparison.Ordinal);
        Assert.Equal("active", await LinkStatusAsync(linkId));
    }

    [Fact]
    public async Task Revoke_ALinkAlreadyRevoked_ConfirmPageIs409AndARepeatedPostChangesNothing()
    {
        var (_, linkId, confirm, formToken) = await ConfirmPageAsync();
        using var revoked = await ApiTestHelpers.RevokeAsync(App, linkId);

        var (get, getHtml) = await App.Browser().GetPageAsync(confirm);
        var (post, _) = await App.Browser().PostPanelFormAsync(confirm, [new("formToken", formToken)]);

        AssertHtml(get, HttpStatusCode.Conflict, getHtml, "confirm a revoked link");
        Assert.Contains("This link is no longer active", getHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode); // revoke is idempotent, as on the API
        Assert.Single(Bus.SentEvents(Core.Events.LinkEventTypes.Revoked));
    }

    [Fact]
    public async Task Revoke_UnknownOrHostileLinkId_Is404PageAndWritesNothing()
    {
        var (panel, linkId, _, formToken) = await ConfirmPageAsync();

        foreach (var id in new[] { "lnk_unknown", Uri.EscapeDataString(Hostile) })
        {
            var (response, html) = await App.Browser().PostPanelFormAsync($"{panel}/links/{id}/revoke", [new("formToken", formToken)]);

            AssertHtml(response, HttpStatusCode.NotFound, html, id);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        }

        Assert.Equal("active", await LinkStatusAsync(linkId));
    }
}
