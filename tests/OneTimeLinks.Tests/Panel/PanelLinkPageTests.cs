using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24: one link's own page in the panel (facts, status, bookings with the cancel step) and the Edit form of an
/// active link, posted through the same update as the API's PATCH with the session's actor.
/// </summary>
public sealed class PanelLinkPageTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private string _panel = "";

    private async Task<string> PanelAsync() =>
        _panel = _panel.Length > 0 ? _panel : await App.MintPanelPathAsync(new { actor = new { id = "user-7", name = "Dana Owner" } });

    private string ExpectedActor => new JsonObject { ["type"] = "panel", ["id"] = _panel.Split('.')[1], ["name"] = "Dana Owner" }.ToJsonString();

    private async Task<string> OpenAsync(string relative, HttpStatusCode status = HttpStatusCode.OK)
    {
        var (response, html) = await App.Browser().GetPageAsync(await PanelAsync() + relative);
        AssertHtml(response, status, html, relative);
        AssertPageHeaders(response, relative);
        return html;
    }

    private async Task<(HttpResponseMessage Response, string Html)> EditAsync(string linkId, params (string Name, string Value)[] fields)
    {
        var form = await OpenAsync($"/links/{linkId}/edit");
        return await App.Browser().PostPanelFormAsync(
            $"{_panel}/links/{linkId}/edit",
            [new("formToken", PanelTestHelpers.FormTokenOf(form)), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
    }

    [Fact]
    public async Task Open_ActiveLink_ShowsItsFactsStatusAndActionsAndTheListLinksToIt()
    {
        var (_, _, linkId) = await App.LinkAsync(new { note = Note, contact = new { name = "Jane Doe", email = "jane@example.com" }, maxUses = 2 });

        var list = await OpenAsync("");
        var html = await OpenAsync($"/links/{linkId}");

        Assert.Contains($"href=\"{_panel}/links/{linkId}\"", list, StringComparison.Ordinal);
        Assert.Contains(Note, html, StringComparison.Ordinal);
        Assert.Contains("Jane Doe · jane@example.com", html, StringComparison.Ordinal);
        Assert.Contains("0 of 2", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"status\" id=\"link-status\">Active</span>", html, StringComparison.Ordinal);
        Assert.Contains("Never", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"link-edit\" href=\"{_panel}/links/{linkId}/edit\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"link-revoke\" href=\"{_panel}/links/{linkId}/revoke\"", html, StringComparison.Ordinal);
        Assert.Contains("No bookings yet.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_UsedLink_ListsItsBookingAndCancelsFromThereBackToTheLink()
    {
        var (url, _, linkId) = await App.LinkAsync();
        await App.BookJsonAsync(url, FirstSlotValue);
        var bookingId = Assert.Single((await App.GetLinkJsonAsync(linkId))["bookings"]!.AsArray())!["bookingId"]!.GetValue<string>();

        var html = await OpenAsync($"/links/{linkId}");

        Assert.Contains("<span class=\"status\" id=\"link-status\">Used</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"link-edit\"", html, StringComparison.Ordinal);
        Assert.Contains("Someone Else", html, StringComparison.Ordinal);
        Assert.Contains("else@example.com", html, StringComparison.Ordinal);
        Assert.Contains("09:00", html, StringComparison.Ordinal);
        var cancel = $"/bookings/{bookingId}/cancel?from=link";
        Assert.Contains($"href=\"{_panel}{cancel}\"", html, StringComparison.Ordinal);

        var step = await OpenAsync(cancel);
        Assert.Contains($"action=\"{_panel}{cancel}\"", step, StringComparison.Ordinal);
        Assert.Contains($"href=\"{_panel}/links/{linkId}\"", step, StringComparison.Ordinal);
        var (response, _) = await App.Browser().PostPanelFormAsync(_panel + cancel, [new("formToken", PanelTestHelpers.FormTokenOf(step)), new("reason", "Owner away")]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{_panel}/links/{linkId}?done=canceled", response.Headers.Location!.OriginalString);
        var after = await OpenAsync($"/links/{linkId}?done=canceled");
        Assert.Contains("The booking was canceled.", after, StringComparison.Ordinal);
        Assert.Equal(ExpectedActor, Assert.Single(Bus.SentEvents(LinkEventTypes.BookingCanceled)).Event.DataObject()["actor"]!.ToJsonString());
    }

    [Fact]
    public async Task Edit_NoteAndExpiry_UpdatesAsThePanelActorAndReturnsToTheLink()
    {
        var (_, _, linkId) = await App.LinkAsync();
        var form = await OpenAsync($"/links/{linkId}/edit");
        Assert.Contains("<input type=\"checkbox\" id=\"noExpiry\" name=\"noExpiry\" value=\"true\" checked>", form, StringComparison.Ordinal);

        var (response, _) = await EditAsync(linkId, ("note", "Call back Tuesday"), ("expiresDate", "2026-12-24"), ("expiresTime", "18:30"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        AssertPageHeaders(response, "303 after edit");
        Assert.Equal($"{_panel}/links/{linkId}?done=updated", response.Headers.Location!.OriginalString);
        var link = await App.GetLinkJsonAsync(linkId);
        Assert.Equal("Call back Tuesday", link["note"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 17, 30, 0, TimeSpan.Zero), ApiTestHelpers.Instant(link["expiresAt"]));
        Assert.Equal(ExpectedActor, Assert.Single(Bus.SentEvents(LinkEventTypes.Updated)).Event.DataObject()["actor"]!.ToJsonString());
        var page = await OpenAsync($"/links/{linkId}?done=updated");
        Assert.Contains("The link was saved.", page, StringComparison.Ordinal);
        Assert.Contains("Call back Tuesday", page, StringComparison.Ordinal);

        // The form shows the expiry in the calendar's zone; saving only the note keeps the instant as it is.
        var again = await OpenAsync($"/links/{linkId}/edit");
        Assert.Contains("value=\"2026-12-24\"", again, StringComparison.Ordinal);
        Assert.Contains("value=\"18:30\"", again, StringComparison.Ordinal);
        var (second, _) = await EditAsync(linkId, ("note", "Only the note"), ("expiresDate", "2026-12-24"), ("expiresTime", "18:30"));
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 17, 30, 0, TimeSpan.Zero), ApiTestHelpers.Instant((await App.GetLinkJsonAsync(linkId))["expiresAt"]));
    }

    [Fact]
    public async Task Edit_NoExpiryAndEmptyNote_RemovesBoth()
    {
        var (_, _, linkId) = await App.LinkAsync(new { note = Note, expiresAt = "2026-12-20T10:00:00Z" });

        var (response, _) = await EditAsync(linkId, ("noExpiry", "true"), ("expiresDate", "2026-12-20"), ("expiresTime", "11:00"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var link = await App.GetLinkJsonAsync(linkId);
        Assert.Null(link["note"]);
        Assert.Null(link["expiresAt"]);
    }

    [Fact]
    public async Task Edit_LinkNoLongerActive_Is409PageAndWritesNothing()
    {
        var (_, _, linkId) = await App.LinkAsync();
        var form = await OpenAsync($"/links/{linkId}/edit");
        await App.RevokeAsync(linkId);
        var rows = await App.RowsAsync();

        var (response, html) = await App.Browser().PostPanelFormAsync(
            $"{_panel}/links/{linkId}/edit", [new("formToken", PanelTestHelpers.FormTokenOf(form)), new("note", "Too late"), new("noExpiry", "true")]);

        AssertHtml(response, HttpStatusCode.Conflict, html, "edit after revoke");
        Assert.Equal(rows, await App.RowsAsync());
        Assert.Empty(Bus.SentEvents(LinkEventTypes.Updated));
        await OpenAsync($"/links/{linkId}/edit", HttpStatusCode.Conflict);
    }

    // Fields as "name=value" joined by '|'; "{long}" stands for a 501-character note.
    public static TheoryData<string, string, string> HostileEdits => new()
    {
        { "note too long", "note", "note={long}|noExpiry=true" },
        { "note with a control character", "note", "note=a\u0007b|noExpiry=true" },
        { "neither an expiry nor no expiry", "expiresDate", "note=x" },
        { "date without time", "expiresTime", "expiresDate=2027-01-10" },
        { "malformed date", "expiresDate", "expiresDate=10.01.2027|expiresTime=12:00" },
        { "malformed time", "expiresTime", "expiresDate=2027-01-10|expiresTime=25:00" },
        { "a time the clocks skip", "expiresTime", "expiresDate=2027-03-28|expiresTime=02:30" },
        { "a past expiry", "expiresDate", "expiresDate=2026-12-01|expiresTime=12:00" },
        { "more than 5 years ahead", "expiresDate", "expiresDate=2032-01-01|expiresTime=12:00" },
        { "hostile markup in the date", "expiresDate", "expiresDate=<script>alert(1)</script>|expiresTime=12:00" },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public async Task Edit_HostileField_IsTheForm422WithTheFieldErrorAndWritesNothing(string what, string field, string encoded)
    {
        var fields = encoded.Split('|').Select(f => (f[..f.IndexOf('=')], f[(f.IndexOf('=') + 1)..].Replace("{long}", new string('n', 501)))).ToArray();
        var (_, _, linkId) = await App.LinkAsync();
        await PanelAsync();
        var rows = await App.RowsAsync();

        var (response, html) = await EditAsync(linkId, fields);

        AssertHtml(response, (HttpStatusCode)422, html, what);
        AssertPageHeaders(response, what);
        Assert.Contains($"id=\"{field}\" name=\"{field}\"", html, StringComparison.Ordinal);
        Assert.Matches($"id=\"{field}\"[^>]*aria-invalid=\"true\"", html);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Equal(rows, await App.RowsAsync());
        Assert.Empty(Bus.SentEvents(LinkEventTypes.Updated));
    }
}
