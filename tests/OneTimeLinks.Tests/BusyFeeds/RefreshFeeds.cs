using System.Globalization;
using System.Text;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>An iCalendar feed written for a test: VEVENTs in UTC, as Google writes them.</summary>
internal static class RefreshFeeds
{
    /// <summary>Tuesday 2026-12-08 00:00 UTC, the day after the pinned clock: every test event is on it.</summary>
    public static readonly DateTimeOffset Tuesday = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

    public static string Ics(params (string Uid, DateTimeOffset Start, DateTimeOffset End)[] events)
    {
        var text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n");
        foreach (var (uid, start, end) in events)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:{Utc(start)}\r\nDTEND:{Utc(end)}\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n");
        }

        return text.Append("END:VCALENDAR\r\n").ToString();
    }

    /// <summary>An event on <see cref="Tuesday"/> from <paramref name="fromHour"/> to <paramref name="toHour"/> UTC.</summary>
    public static (string, DateTimeOffset, DateTimeOffset) Event(string uid, double fromHour, double toHour) =>
        (uid, Tuesday.AddHours(fromHour), Tuesday.AddHours(toHour));

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
