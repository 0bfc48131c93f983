using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// A feed's text as busy intervals, read with Ical.Net, for a calendar in Europe/Berlin: each product's export shape,
/// asserting the exact UTC intervals imported.
/// </summary>
public sealed class BusyFeedParserTests
{
    private const string Zone = "Europe/Berlin";
    private static readonly string Source = BusySources.Feed("work");

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Busy(string ics, DateTimeOffset from, DateTimeOffset to)
    {
        var parsed = Assert.IsType<BusyFeedParse.Parsed>(BusyFeedParser.Parse(ics.ReplaceLineEndings("\r\n"), Source, Zone, from, to));
        Assert.All(parsed.Intervals, i => Assert.Equal(Source, i.Source));
        Assert.Equal(parsed.Intervals.Count, parsed.Intervals.Select(i => i.Id).Distinct().Count());
        return [.. parsed.Intervals.Select(i => (i.Start.ToUniversalTime(), i.End.ToUniversalTime()))];
    }

    private static (DateTimeOffset, DateTimeOffset) Utc(string start, string end) =>
        (DateTimeOffset.Parse(start + "Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end + "Z", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset May1 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_GoogleExport_SeriesAcrossBerlinDstWithExdateAndMovedInstance_AllDayDuration_NotTransparentOrCancelled()
    {
        Assert.Equal(
            [
                Utc("2026-03-16T08:00:00", "2026-03-16T09:00:00"), // Monday 09:00 CET
                Utc("2026-03-24T23:00:00", "2026-03-25T23:00:00"), // all day, Berlin's day
                Utc("2026-03-27T14:00:00", "2026-03-27T15:30:00"), // DURATION:PT1H30M
                Utc("2026-03-30T09:00:00", "2026-03-30T10:00:00"), // the moved instance, 11:00 CEST
                Utc("2026-04-06T07:00:00", "2026-04-06T08:00:00"), // Monday 09:00 CEST
            ],
            Busy(FeedFixtures.Google, March1, May1));
    }

    [Fact]
    public void Parse_OutlookExport_WindowsZoneNamesSeriesAcrossNewYorkDst_ExdateMovedInstance_FreeIsNotBusy()
    {
        Assert.Equal(
            [
                Utc("2026-03-05T13:00:00", "2026-03-05T13:30:00"), // 08:00 EST
                Utc("2026-03-07T13:00:00", "2026-03-07T13:30:00"),
                Utc("2026-03-08T12:00:00", "2026-03-08T12:30:00"), // 08:00 EDT, the day DST starts
                Utc("2026-03-09T14:00:00", "2026-03-09T14:30:00"), // moved to 10:00 EDT
                Utc("2026-03-10T14:00:00", "2026-03-10T15:00:00"), // W. Europe Standard Time 15:00 CET
            ],
            Busy(FeedFixtures.Outlook, March1, May1));
    }

    [Fact]
    public void Parse_ICloudExport_MultiDayAllDay_NewYorkAfterDst_FloatingTimeIsTheCalendarsZone()
    {
        Assert.Equal(
            [
                Utc("2026-03-18T07:30:00", "2026-03-18T09:00:00"), // floating 08:30 in Berlin (CET)
                Utc("2026-03-20T14:00:00", "2026-03-20T15:00:00"), // 10:00 EDT
                Utc("2026-03-31T22:00:00", "2026-04-02T22:00:00"), // April 1 and 2, Berlin's days (CEST)
            ],
            Busy(FeedFixtures.ICloud, March1, May1));
    }

    [Fact]
    public void Parse_OutlookFreeBusy_EveryTypeButFreeIsBusy()
    {
        Assert.Equal(
            [
                Utc("2026-03-12T09:00:00", "2026-03-12T10:00:00"),
                Utc("2026-03-12T13:00:00", "2026-03-12T13:30:00"),
                Utc("2026-03-13T07:00:00", "2026-03-13T08:00:00"),
            ],
            Busy(FeedFixtures.OutlookFreeBusy, March1, May1));
    }

    [Fact]
    public void Parse_Window_OnlyWhatOverlapsItAndTheSeriesIdsAreStablePerInstance()
    {
        var from = new DateTimeOffset(2026, 3, 25, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(
            [
                Utc("2026-03-24T23:00:00", "2026-03-25T23:00:00"), // reaches into the window
                Utc("2026-03-27T14:00:00", "2026-03-27T15:30:00"),
                Utc("2026-03-30T09:00:00", "2026-03-30T10:00:00"),
            ],
            Busy(FeedFixtures.Google, from, to));
        var first = (BusyFeedParse.Parsed)BusyFeedParser.Parse(FeedFixtures.Google, Source, Zone, March1, May1);
        var again = (BusyFeedParse.Parsed)BusyFeedParser.Parse(FeedFixtures.Google, Source, Zone, March1, May1);
        Assert.Equal(first.Intervals.Select(i => i.Id), again.Intervals.Select(i => i.Id));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Sign in</body></html>")]
    [InlineData("")]
    [InlineData("{\"events\":[]}")]
    public void Parse_NotICalendar_IsAnError(string text)
    {
        Assert.Equal("not-icalendar", Assert.IsType<BusyFeedParse.Failed>(BusyFeedParser.Parse(text, Source, Zone, March1, May1)).Error);
    }

    [Fact]
    public void Parse_EndlessDailySeries_ExpandedOverTheWindowOnly()
    {
        const string Endless = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Tests//Endless//EN
            BEGIN:VEVENT
            UID:daily@example.test
            DTSTAMP:20260101T000000Z
            DTSTART:20260101T120000Z
            DTEND:20260101T123000Z
            RRULE:FREQ=DAILY
            END:VEVENT
            END:VCALENDAR
            """;

        Assert.Equal(61, Busy(Endless, March1, May1).Count);
    }
}
