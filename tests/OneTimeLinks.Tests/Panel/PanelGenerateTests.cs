using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>Generating a link from the panel's links page (issue 24): the form, its zone-local expiry and its refusals.</summary>
public sealed class PanelGenerateTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private async Task<(string Panel, string FormToken)> LinksPageAsync()
    {
        var panel = await App.MintPanelPathAsync(new { actor = new { id = "user-7", name = "Dana Owner" } });
        var (response, html) = await App.Browser().GetPageAsync(panel);
        AssertHtml(response, HttpStatusCode.OK, html, "links page");
        Assert.Contains("name=\"expiresDate\"", html, StringComparison.Ordinal);
        return (panel, PanelTestHelpers.FormTokenOf(html));
    }

    private async Task<(HttpResponseMessage Response, string Html)> GenerateAsync(
        string panel, string formToken, IEnumerable<KeyValuePair<string, string>> fields, string? origin = PanelTestHelpers.PanelOrigin) =>
        await App.Browser().PostPanelFormAsync(panel + "/links", [new("formToken", formToken), .. fields], origin);

    private async Task<JsonObject> OnlyLinkAsync()
    {
        using var response = await App.ListAsync();
        var links = (await response.AssertJsonAsync(HttpStatusCode.OK))["links"]!.AsArray();
        return Assert.Single(links)!.AsObject();
    }

    [Fact]
    public async Task Generate_WithoutExpiry_CreatesTheLinkAsThePanelActorAndShowsItsUrlOnce()
    {
        var (panel, formToken) = await LinksPageAsync();

        var (response, html) = await GenerateAsync(panel, formToken, [new("note", "Follow-up call"), new("contactName", "Ana Pérez"), new("contactEmail", "ana@example.com"), new("maxUses", "3")]);

        AssertHtml(response, HttpStatusCode.OK, html, "generated");
        AssertPageHeaders(response, "generated");
        var link = await OnlyLinkAsync();
        Assert.Null(link["expiresAt"]);
        Assert.Equal("Follow-up call", link["note"]!.GetValue<string>());
        Assert.Equal(3, link["maxUses"]!.GetValue<int>());
        var data = Assert.Single(Bus.SentEvents(Core.Events.LinkEventTypes.Generated)).Event.DataObject();
        var expected = new JsonObject { ["type"] = "panel", ["id"] = panel.Split('.')[1], ["name"] = "Dana Owner" }.ToJsonString();
        Assert.Equal(expected, data["actor"]!.ToJsonString());
        var url = data["url"]!.GetValue<string>();
        Assert.Contains($"id=\"created-url\" type=\"text\" readonly data-select value=\"{url}\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"link-" + link["linkId"]!.GetValue<string>() + "\"", html, StringComparison.Ordinal);
        Assert.Contains("data-copy=\"created-url\"", html, StringComparison.Ordinal);

        // The URL is shown once: reopening the links page does not show it again.
        var (_, again) = await App.Browser().GetPageAsync(panel);
        Assert.DoesNotContain(url, again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_FromTheApi_HasNoActorInTheGeneratedEvent()
    {
        await App.LinkAsync();

        Assert.Null(Assert.Single(Bus.SentEvents(Core.Events.LinkEventTypes.Generated)).Event.DataObject()["actor"]);
    }

    public static TheoryData<string, string, string> ZoneExpiries => new()
    {
        // Europe/Berlin: winter UTC+1, summer UTC+2; 31 Oct 2027 02:30 happens twice, the earliest (summer time) counts.
        { "2026-12-24", "18:30", "2026-12-24T17:30:00+00:00" },
        { "2027-07-01", "12:00", "2027-07-01T10:00:00+00:00" },
        { "2027-10-31", "02:30", "2027-10-31T00:30:00+00:00" },
    };

    [Theory]
    [MemberData(nameof(ZoneExpiries))]
    public async Task Generate_WithExpiry_StoresTheInstantOfThatLocalTimeInTheCalendarsZone(string date, string time, string instant)
    {
        var (panel, formToken) = await LinksPageAsync();

        var (response, html) = await GenerateAsync(panel, formToken, [new("expiresDate", date), new("expiresTime", time)]);

        AssertHtml(response, HttpStatusCode.OK, html, date + " " + time);
        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), ApiTestHelpers.Instant((await OnlyLinkAsync())["expiresAt"]));
    }

    public static TheoryData<string, string, string> HostileFields => new()
    {
        { "note too long", "note", new string('n', 501) },
        { "note with a control character", "note", "before\u001bafter" },
        { "contact name too long", "contactName", new string('x', 201) },
        { "bad email", "contactEmail", "not-an-email" },
        { "bad email with CRLF", "contactEmail", "a@example.com\r\nBcc: b@example.com" },
        { "max uses 0", "maxUses", "0" },
        { "max uses huge", "maxUses", "99999999999999999999" },
        { "max uses 101", "maxUses", "101" },
        { "max uses not a number", "maxUses", "three" },
        { "max uses negative", "maxUses", "-1" },
        { "max uses exponent", "maxUses", "1e2" },
        { "expiry in the past", "expiry", "2026-12-06|12:00" },
        { "expiry more than 5 years ahead", "expiry", "2032-01-01|12:00" },
        { "expiry in the DST gap", "expiry", "2027-03-28|02:30" },
        { "malformed date", "expiry", "2027-02-30|12:00" },
        { "date in another format", "expiry", "07.12.2027|12:00" },
        { "malformed time", "expiry", "2027-01-10|25:00" },
        { "date without time", "expiry", "2027-01-10|" },
        { "time without date", "expiry", "|12:00" },
        { "hostile markup in the date", "expiry", Hostile + "|12:00" },
    };

    [Theory]
    [MemberData(nameof(HostileFields))]
    public async Task Generate_HostileField_Is422PageWithTheFieldErrorAndWritesNothing(string what, string field, string value)
    {
        var (panel, formToken) = await LinksPageAsync();
        var rows = await App.CountRowsAsync();
        List<KeyValuePair<string, string>> fields = field == "expiry"
            ? [.. new[] { ("expiresDate", value.Split('|')[0]), ("expiresTime", value.Split('|')[1]) }
                .Where(f => f.Item2.Length > 0).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))]
            : [new(field, value)];

        var (response, html) = await GenerateAsync(panel, formToken, fields);

        AssertHtml(response, (HttpStatusCode)422, html, what);
        AssertPageHeaders(response, what);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"panel-generate\" open>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Equal(rows, await App.CountRowsAsync());
        Assert.Empty(Bus.SentEvents(Core.Events.LinkEventTypes.Generated));
    }

    [Fact]
    public async Task Generate_RefusedInGerman_ShowsTheErrorInGerman()
    {
        var panel = await App.MintPanelPathAsync(new { language = "de" });
        var (_, page) = await App.Browser().GetPageAsync(panel);

        var (response, html) = await GenerateAsync(panel, PanelTestHelpers.FormTokenOf(page), [new("maxUses", "0")]);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("<html lang=\"de\">", html, StringComparison.Ordinal);
        Assert.Contains("Geben Sie eine ganze Zahl von 1 bis 100 ein.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_NoteWithEmojiAndLineBreaks_IsKeptExactlyAsTheApiKeepsIt()
    {
        var (panel, formToken) = await LinksPageAsync();
        const string EmojiNote = "Call back 📞\r\nsecond line";

        var (response, html) = await GenerateAsync(panel, formToken, [new("note", EmojiNote)]);

        AssertHtml(response, HttpStatusCode.OK, html, "emoji note");
        Assert.Equal(EmojiNote, (await OnlyLinkAsync())["note"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(PanelRevokeTests.Refusals), MemberType = typeof(PanelRevokeTests))]
    public async Task Generate_WithoutTheFormTokenOrTheOwnOrigin_Is403AndWritesNothing(string what, string? token, string? origin)
    {
        var (panel, formToken) = await LinksPageAsync();
        var rows = await App.CountRowsAsync();
        var sent = token switch
        {
            null => null,
            "page" => formToken,
            "tamper" => formToken[..^2] + (formToken[^2..] == "AA" ? "BB" : "AA"),
            _ => token,
        };
        List<KeyValuePair<string, string>> fields = [new("note", "x")];
        if (sent is not null)
        {
            fields.Add(new("formToken", sent));
        }

        var (response, html) = await App.Browser().PostPanelFormAsync(panel + "/links", fields, origin);

        AssertHtml(response, HttpStatusCode.Forbidden, html, what);
        Assert.Equal(rows, await App.CountRowsAsync());
        Assert.Empty(Bus.SentEvents(Core.Events.LinkEventTypes.Generated));
    }
}
