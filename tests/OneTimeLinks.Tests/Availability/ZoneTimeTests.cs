using System.Globalization;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Tests.Availability;

public sealed class ZoneTimeTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Europe/Berlin", "2026-12-07", "2026-12-06T23:00:00Z", "2026-12-07T23:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")] // 25 hours
    [InlineData("Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")] // 23 hours
    [InlineData("America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z")] // midnight does not exist
    [InlineData("Asia/Tokyo", "2026-12-08", "2026-12-07T15:00:00Z", "2026-12-08T15:00:00Z")]
    public void LocalDay_AnyZone_RunsFromTheFirstInstantOfTheDateToThatOfTheNext(string zoneId, string date, string start, string end)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        var (dayStart, dayEnd) = ZoneTime.LocalDay(zone, DateOnly.Parse(date, CultureInfo.InvariantCulture));

        Assert.Equal((At(start), At(end)), (dayStart, dayEnd));
        Assert.Equal(DateOnly.Parse(date, CultureInfo.InvariantCulture), ZoneTime.LocalDate(zone, dayStart));
        Assert.NotEqual(DateOnly.Parse(date, CultureInfo.InvariantCulture), ZoneTime.LocalDate(zone, dayStart.AddTicks(-1)));
    }
}
