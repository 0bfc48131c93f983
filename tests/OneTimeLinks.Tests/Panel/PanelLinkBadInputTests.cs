using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Hostile addresses on the panel's link pages (issue 24): another calendar's link, made-up ids, an unknown tab, search
/// text with control characters or too long, a made-up position. Each is a readable 4xx page and writes nothing.
/// </summary>
public sealed class PanelLinkBadInputTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string OtherCalendar = "other-clinic";

    public static TheoryData<string, string, int> HostileGets => new()
    {
        { "another calendar's link", "/links/{other}", 404 },
        { "another calendar's link, edit", "/links/{other}/edit", 404 },
        { "a made-up link id", "/links/00000000000000000000", 404 },
        { "a malformed link id", "/links/%3Cscript%3E", 404 },
        { "an unknown tab", "?status=archived", 400 },
        { "an empty tab", "?status=", 400 },
        { "search text with a control character", "?q=a%07b", 400 },
        { "search text too long", "?q=" + new string('x', 101), 400 },
        { "a made-up search position", "?q=call&after=%3Cscript%3E", 400 },
        { "a made-up list position", "?after=not-a-token", 400 },
    };

    [Theory]
    [MemberData(nameof(HostileGets))]
    public async Task Open_HostileAddress_IsAReadable4xxPageAndWritesNothing(string what, string relative, int status)
    {
        await App.CreateCalendarAsync(OtherCalendar);
        var other = (await App.GenerateLinkAsync(OtherCalendar))["linkId"]!.GetValue<string>();
        var panel = await App.MintPanelPathAsync();
        var rows = await App.RowsAsync();

        var (response, html) = await App.Browser().GetPageAsync(panel + relative.Replace("{other}", other, StringComparison.Ordinal));

        AssertHtml(response, (HttpStatusCode)status, html, what);
        AssertPageHeaders(response, what);
        Assert.DoesNotContain("<script", html.Replace("<script src=", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(rows, await App.RowsAsync());
    }

    [Fact]
    public async Task Edit_AnotherCalendarsLink_Is404PageAndWritesNothing()
    {
        await App.CreateCalendarAsync(OtherCalendar);
        var other = (await App.GenerateLinkAsync(OtherCalendar))["linkId"]!.GetValue<string>();
        var panel = await App.MintPanelPathAsync();
        var (_, page) = await App.Browser().GetPageAsync(panel);
        var rows = await App.RowsAsync();

        var (response, html) = await App.Browser().PostPanelFormAsync(
            $"{panel}/links/{other}/edit", [new("formToken", PanelTestHelpers.FormTokenOf(page)), new("note", "Hijacked"), new("noExpiry", "true")]);

        AssertHtml(response, HttpStatusCode.NotFound, html, "edit of another calendar's link");
        Assert.Equal(rows, await App.RowsAsync());
        Assert.Empty(Bus.SentEvents(Core.Events.LinkEventTypes.Updated));
    }
}
