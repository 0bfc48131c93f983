using System.Globalization;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Tests.Availability;

/// <summary>The interval rules: buffers, busy time, the slot interval grid and the day limit, in the calendar's zone.</summary>
public sealed class AvailabilityRulesTests
{
    private static BookableCalendar Berlin(
        int slotMinutes = 30, int before = 0, int after = 0, int? maxPerDay = null, int? interval = null, string zone = "Europe/Berlin") => new(
        "cal",
        "Test",
        zone,
        slotMinutes,
        new WeeklyAvailability(Enum.GetValues<DayOfWeek>().ToDictionary(
            day => day, _ => (IReadOnlyList<TimeWindow>)[new TimeWindow(new TimeOnly(0, 0), TimeOnly.MinValue)])),
        MinimumNoticeMinutes: 0,
        HorizonDays: 30,
        ContactMessage: null,
        UpdatedAt: DateTimeOffset.UnixEpoch,
        BufferBeforeMinutes: before,
        BufferAfterMinutes: after,
        MaxBookingsPerDay: maxPerDay,
        SlotIntervalMinutes: interval);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static AgendaEntry Booking(string start, string end, string id = "b1") => new(AgendaEntryKind.Booking, id, At(start), At(end));

    private static AgendaEntry Busy(string start, string end, string id = "u1") => new(AgendaEntryKind.Busy, id, At(start), At(end));

    /// <summary>An agenda that read every date around the claims, as the service reads it.</summary>
    private static Agenda AgendaOf(params AgendaEntry[] claims)
    {
        var read = new DateRange(new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31));
        var days = claims
            .SelectMany(claim => Agenda.DatesOf(claim.Start, claim.End).Select(date => (date, claim)))
            .GroupBy(x => x.date)
            .Select(g => new AgendaDaySnapshot(new AgendaDay(g.Key, [.. g.Select(x => x.claim)]), "v"));
        return new Agenda([read], days);
    }

    private static TimeCheck Check(BookableCalendar calendar, Agenda agenda, string start) =>
        AvailabilityRules.Check(calendar, agenda, At(start), At(start).AddMinutes(calendar.SlotMinutes));

    [Theory]
    [InlineData("2026-12-07T10:30:00+01:00", TimeCheck.Overlaps)] // inside the booking's 15-minute after-buffer
    [InlineData("2026-12-07T10:44:00+01:00", TimeCheck.Overlaps)]
    [InlineData("2026-12-07T10:45:00+01:00", TimeCheck.Free)]
    [InlineData("2026-12-07T09:30:00+01:00", TimeCheck.Overlaps)] // would end where the booking starts, but its own after-buffer runs into it
    [InlineData("2026-12-07T09:15:00+01:00", TimeCheck.Free)]
    public void Check_BufferAfterFifteen_KeepsFifteenMinutesFreeAfterEveryBookingOnBothSides(string start, TimeCheck expected)
    {
        var agenda = AgendaOf(Booking("2026-12-07T10:00:00+01:00", "2026-12-07T10:30:00+01:00"));

        Assert.Equal(expected, Check(Berlin(after: 15), agenda, start));
    }

    [Theory]
    [InlineData("2026-12-07T10:00:00+01:00", TimeCheck.Overlaps)] // its before-buffer would start inside the busy time
    [InlineData("2026-12-07T10:10:00+01:00", TimeCheck.Overlaps)]
    [InlineData("2026-12-07T10:15:00+01:00", TimeCheck.Free)]
    [InlineData("2026-12-07T08:30:00+01:00", TimeCheck.Free)] // ends where the busy time starts: busy time has no buffer of its own
    public void Check_BufferBeforeFifteen_KeepsTheNewAppointmentsBeforeBufferOffBusyTime(string start, TimeCheck expected)
    {
        var agenda = AgendaOf(Busy("2026-12-07T09:00:00+01:00", "2026-12-07T10:00:00+01:00"));

        Assert.Equal(expected, Check(Berlin(before: 15), agenda, start));
    }

    [Fact]
    public void Check_SixtyMinuteAppointmentStartingBeforeAThirtyMinuteBooking_Overlaps()
    {
        // The repro: a 10:30 booking made with 30-minute slots, then the calendar switched to 60-minute slots.
        var agenda = AgendaOf(Booking("2026-12-07T10:30:00+01:00", "2026-12-07T11:00:00+01:00"));

        Assert.Equal(TimeCheck.Overlaps, Check(Berlin(slotMinutes: 60), agenda, "2026-12-07T10:00:00+01:00"));
        Assert.Equal(TimeCheck.Free, Check(Berlin(slotMinutes: 60), agenda, "2026-12-07T11:00:00+01:00"));
    }

    [Fact]
    public void Check_IgnoredBooking_DoesNotBlockItsOwnTime()
    {
        var agenda = AgendaOf(Booking("2026-12-07T10:00:00+01:00", "2026-12-07T10:30:00+01:00", id: "moving"));

        Assert.Equal(TimeCheck.Free, AvailabilityRules.Check(Berlin(), agenda, At("2026-12-07T10:15:00+01:00"), At("2026-12-07T10:45:00+01:00"), "moving"));
        Assert.Equal(TimeCheck.Overlaps, AvailabilityRules.Check(Berlin(), agenda, At("2026-12-07T10:15:00+01:00"), At("2026-12-07T10:45:00+01:00"), "other"));
    }

    [Fact]
    public void Check_DayLimitReached_DayFullThatDayOnlyAndBusyTimeDoesNotCount()
    {
        var agenda = AgendaOf(
            Booking("2026-12-07T09:00:00+01:00", "2026-12-07T09:30:00+01:00", "a"),
            Booking("2026-12-07T11:00:00+01:00", "2026-12-07T11:30:00+01:00", "b"),
            Busy("2026-12-07T13:00:00+01:00", "2026-12-07T14:00:00+01:00"));

        Assert.Equal(TimeCheck.DayFull, Check(Berlin(maxPerDay: 2), agenda, "2026-12-07T15:00:00+01:00"));
        Assert.Equal(TimeCheck.Free, Check(Berlin(maxPerDay: 3), agenda, "2026-12-07T15:00:00+01:00"));
        Assert.Equal(TimeCheck.Free, Check(Berlin(maxPerDay: 2), agenda, "2026-12-08T09:00:00+01:00"));
    }

    [Fact]
    public void Check_DayLimitInTokyo_CountsTheLocalDayNotTheUtcDate()
    {
        // 08:00 and 20:00 Tokyo on 8 December are 23:00 on 7 December and 11:00 on 8 December in UTC.
        var agenda = AgendaOf(Booking("2026-12-08T08:00:00+09:00", "2026-12-08T08:30:00+09:00"));
        var tokyo = Berlin(maxPerDay: 1, zone: "Asia/Tokyo");

        Assert.Equal(TimeCheck.DayFull, Check(tokyo, agenda, "2026-12-08T20:00:00+09:00"));
        Assert.Equal(TimeCheck.Free, Check(tokyo, agenda, "2026-12-07T23:30:00+09:00"));
    }

    [Fact]
    public void Check_DayLimitOnTheTwentyFiveHourDayOfAutumnChange_CountsBothEndsOfTheDay()
    {
        // Berlin, 25 October 2026: 00:30 is still summer time (+02:00), 23:30 is winter time (+01:00); one local day.
        var agenda = AgendaOf(Booking("2026-10-25T00:30:00+02:00", "2026-10-25T01:00:00+02:00"));
        var calendar = Berlin(maxPerDay: 1);

        Assert.Equal(TimeCheck.DayFull, Check(calendar, agenda, "2026-10-25T23:30:00+01:00"));
        Assert.Equal(TimeCheck.Free, Check(calendar, agenda, "2026-10-26T00:00:00+01:00"));
        Assert.Equal(TimeCheck.Free, Check(calendar, agenda, "2026-10-24T23:30:00+02:00"));
    }

    [Fact]
    public void DatesToClaim_WithADayLimit_CoversTheWholeLocalDayAcrossUtcMidnight()
    {
        var tokyo = Berlin(maxPerDay: 1, zone: "Asia/Tokyo");

        var dates = AvailabilityRules.DatesToClaim(tokyo, At("2026-12-08T20:00:00+09:00"), At("2026-12-08T20:30:00+09:00"));

        // Local 8 December runs from 7 December 15:00 UTC to 8 December 15:00 UTC.
        Assert.Equal([new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8)], dates);
    }

    [Fact]
    public void DatesToClaim_WithBuffers_ReachesTheDateTheBufferTouches()
    {
        var dates = AvailabilityRules.DatesToClaim(Berlin(after: 90), At("2026-12-07T22:30:00Z"), At("2026-12-07T23:00:00Z"));

        Assert.Equal([new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8)], dates);
        Assert.Equal([new DateOnly(2026, 12, 7)], AvailabilityRules.DatesToClaim(Berlin(), At("2026-12-07T22:30:00Z"), At("2026-12-07T23:00:00Z")));
    }

    [Fact]
    public void DatesAround_ReachesEveryDateAnyCalendarCouldClaim()
    {
        var start = At("2026-12-08T00:30:00+14:00");
        var widest = Berlin(slotMinutes: 480, before: 240, after: 240, maxPerDay: 1, zone: "Pacific/Kiritimati");
        var around = AvailabilityRules.DatesAround(start);

        Assert.All(AvailabilityRules.DatesToClaim(widest, start, start.AddMinutes(480)), date => Assert.True(around.Contains(date), $"{date} outside {around}"));
    }

    [Fact]
    public void FreeSlots_ThirtyMinuteAppointmentsEveryFifteenMinutes_DropEveryStartThatOverlapsABookingOrBusyTime()
    {
        var calendar = Berlin(interval: 15) with
        {
            Availability = new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>
            {
                [DayOfWeek.Monday] = [new TimeWindow(new TimeOnly(9, 0), new TimeOnly(11, 0))],
            }),
        };
        var agenda = AgendaOf(
            Booking("2026-12-07T09:30:00+01:00", "2026-12-07T10:00:00+01:00"),
            Busy("2026-12-07T10:40:00+01:00", "2026-12-07T10:50:00+01:00"));
        var candidates = SlotCalculator.GetSlots(calendar, At("2026-12-07T00:00:00+01:00"), At("2026-12-08T00:00:00+01:00"));

        var free = AvailabilityRules.FreeSlots(calendar, agenda, candidates);

        Assert.Equal(["09:00", "10:00"], free.Select(s => s.Start.ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.Equal(7, candidates.Count); // 09:00 to 10:30 every 15 minutes
    }

    [Fact]
    public void FreeSlots_AgreesWithCheckForEveryCandidate()
    {
        var calendar = Berlin(slotMinutes: 45, before: 10, after: 20, maxPerDay: 4, interval: 15);
        var agenda = AgendaOf(
            Booking("2026-12-07T09:00:00+01:00", "2026-12-07T09:45:00+01:00", "a"),
            Booking("2026-12-07T13:30:00+01:00", "2026-12-07T14:15:00+01:00", "b"),
            Booking("2026-12-08T08:00:00+01:00", "2026-12-08T08:45:00+01:00", "c"),
            Booking("2026-12-08T10:00:00+01:00", "2026-12-08T10:45:00+01:00", "d"),
            Booking("2026-12-08T12:00:00+01:00", "2026-12-08T12:45:00+01:00", "e"),
            Booking("2026-12-08T15:00:00+01:00", "2026-12-08T15:45:00+01:00", "f"),
            Busy("2026-12-07T11:05:00+01:00", "2026-12-07T12:10:00+01:00"),
            Busy("2026-12-07T23:00:00+01:00", "2026-12-08T01:00:00+01:00", "u2"));
        var candidates = SlotCalculator.GetSlots(calendar, At("2026-12-07T00:00:00+01:00"), At("2026-12-09T00:00:00+01:00"));

        var free = AvailabilityRules.FreeSlots(calendar, agenda, candidates);

        var expected = candidates.Where(s => AvailabilityRules.Check(calendar, agenda, s.Start, s.End) == TimeCheck.Free).ToList();
        Assert.Equal(expected, free);
        Assert.DoesNotContain(free, s => s.Start.Day == 8); // the 8th holds four bookings: full
        Assert.NotEmpty(free);
    }
}
