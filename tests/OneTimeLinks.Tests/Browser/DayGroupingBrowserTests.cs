using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Browser;

/// <summary>
/// The booking page groups its times by day twice: the server for the zone it renders (DisplayZone.DateOf, Day and
/// Time), and booking.js again for the zone the browser reports or the invitee picks (dayKey, dayTitle, TIME). This
/// pins the two rules together: for every language, the days, titles, counts and times the script builds equal the
/// ones the server renders for that zone with script off.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DayGroupingBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    /// <summary>Thursday 25 March 2027, 08:00 in Berlin: Europe leaves winter time on the 28th, New Zealand its summer time on 4 April.</summary>
    private static readonly DateTimeOffset BeforeTwoDstChanges = new(2027, 3, 25, 7, 0, 0, TimeSpan.Zero);

    /// <summary>The zone the browser reports; the server, not asked for it, renders the calendar's (Berlin).</summary>
    private const string DetectedZone = "Pacific/Auckland";

    /// <summary>Zones picked in the select afterwards: behind, half an hour off, the calendar's neighbour, UTC, and back home.</summary>
    private static readonly string[] PickedZones = ["America/New_York", "Asia/Kolkata", "Europe/London", "UTC", "Europe/Berlin"];

    /// <summary>Each day as one line: its title, its count, then each slot's instant and shown time.</summary>
    private const string ReadDays = """
        () => Array.from(document.querySelectorAll('details.day')).map(day =>
            day.querySelector('.day-name').textContent + ' | ' + day.querySelector('.day-count').textContent + ' | ' +
            Array.from(day.querySelectorAll('label.slot')).map(slot =>
                slot.querySelector('input').value + ' ' + slot.querySelector('[data-time]').textContent).join(', '))
            .concat(Array.from(document.querySelectorAll('time[data-instant]')).map(time => 'expires ' + time.textContent))
        """;

    public static TheoryData<string> Locales => new("en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "pt-PT", "nl-NL");

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task DayGroups_BuiltByTheScriptForAnotherZone_EqualTheServersForThatZone_AcrossMidnightsAndDstChanges(string locale)
    {
        await using var app = await TestApp.StartAsync(azurite, now: BeforeTwoDstChanges);
        var (_, path, _) = await app.CalendarAndLinkAsync(
            RoundTheClockCalendar(),
            new { expiresAt = new DateTimeOffset(2027, 4, 10, 23, 30, 0, TimeSpan.Zero) });
        await using var withoutScript = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(), JavaScriptEnabled = false, Locale = locale, TimezoneId = "Europe/Berlin",
        });
        await using var withScript = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(), Locale = locale, TimezoneId = DetectedZone,
        });
        var server = await withoutScript.NewPageAsync();
        var script = await withScript.NewPageAsync();

        await script.GotoAsync(path);
        await Expect(script.Locator("#tz")).ToHaveValueAsync(DetectedZone);
        await AssertSameDaysAsync(server, path, script, DetectedZone);

        foreach (var zone in PickedZones)
        {
            await script.SelectOptionAsync("#tz", zone);
            await Expect(script.Locator("input[name=timeZone]")).ToHaveValueAsync(zone);
            await AssertSameDaysAsync(server, path, script, zone);
        }
    }

    /// <summary>Hourly slots all day, every day, for twelve days: every zone's midnight falls between two of them.</summary>
    private static object RoundTheClockCalendar()
    {
        object[] allDay = [new { start = "00:00", end = "24:00" }];
        return new
        {
            name = "Dr. Smith",
            timeZone = "Europe/Berlin",
            slotMinutes = 60,
            availability = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }
                .ToDictionary(day => day, _ => allDay),
            minimumNoticeMinutes = 0,
            horizonDays = 12,
        };
    }

    private static async Task AssertSameDaysAsync(IPage server, string path, IPage script, string zone)
    {
        await server.GotoAsync(path + "?tz=" + Uri.EscapeDataString(zone));
        var rendered = SpacesOnly(await server.EvaluateAsync<string[]>(ReadDays));
        var built = SpacesOnly(await script.EvaluateAsync<string[]>(ReadDays));
        Assert.True(rendered.Length > 12, $"{zone}: the server rendered only {rendered.Length} days.");
        var differs = Enumerable.Range(0, Math.Min(rendered.Length, built.Length)).FirstOrDefault(i => rendered[i] != built[i], -1);
        Assert.True(differs < 0, differs < 0 ? "" : $"{zone}: the server rendered\n{Visible(rendered[differs])}\nthe script built\n{Visible(built[differs])}");
        Assert.Equal(rendered, built);
    }

    /// <summary>
    /// .NET's ICU writes en-US times with a narrow no-break space ("3:00\u202FPM"), Chromium's Intl with a plain
    /// space ("3:00 PM"). The two look the same; every other character must match.
    /// </summary>
    private static string[] SpacesOnly(string[] lines) =>
        [.. lines.Select(line => line.Replace('\u202F', ' '))];

    /// <summary>A line with its non-ASCII characters escaped, so a failure shows which space or dash differs.</summary>
    private static string Visible(string line) =>
        string.Concat(line.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:X4}"));
}
