using System.Globalization;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Tests.Calendars;

public sealed class SlotCalculatorTests
{
    private static readonly TimeSpan BerlinSummer = TimeSpan.FromHours(2);

    private static BookableCalendar CreateCalendar(
        string timeZone,
        int slotMinutes,
        DayOfWeek day,
        TimeWindow[] windows,
        int minimumNoticeMinutes = 0,
        int horizonDays = 30) =>
        new(
            Id: "cal",
            Name: "Test",
            TimeZone: timeZone,
            SlotMinutes: slotMinutes,
            Availability: new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>> { [day] = windows }),
            MinimumNoticeMinutes: minimumNoticeMinutes,
            HorizonDays: horizonDays,
            ContactMessage: null,
            UpdatedAt: DateTimeOffset.UnixEpoch);

    private static TimeWindow Window(int startHour, int startMinute, int endHour, int endMinute) =>
        new(new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute));

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    // Slot equality compares instants only; the text form also pins the offsets the spec requires.
    private static string Show(Slot slot) =>
        $"{slot.Start.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture)}/" +
        $"{slot.End.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture)}";

    private static string[] ShowAll(IEnumerable<Slot> slots) => slots.Select(Show).ToArray();

    [Fact]
    public void GetSlots_NormalWeekday_ReturnsAlignedSlotsWithZoneOffset()
    {
        // Arrange: 2026-06-15 is a Monday, in Berlin summer time.
        var calendar = CreateCalendar("Europe/Berlin", 30, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);

        // Act: a whole week, so other weekdays must contribute nothing.
        var slots = SlotCalculator.GetSlots(calendar, At("2026-06-14T00:00:00+02:00"), At("2026-06-21T00:00:00+02:00"));

        // Assert
        Assert.Equal(
            [
                "2026-06-15T09:00+02:00/2026-06-15T09:30+02:00",
                "2026-06-15T09:30+02:00/2026-06-15T10:00+02:00",
                "2026-06-15T10:00+02:00/2026-06-15T10:30+02:00",
                "2026-06-15T10:30+02:00/2026-06-15T11:00+02:00",
            ],
            ShowAll(slots));
        Assert.Equal(At("2026-06-15T07:00:00Z"), slots[0].Start);
    }

    [Fact]
    public void GetSlots_WindowNotMultipleOfSlot_DropsTheIncompleteTail()
    {
        // Arrange
        var calendar = CreateCalendar("UTC", 45, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-06-15T00:00:00Z"), At("2026-06-16T00:00:00Z"));

        // Assert
        Assert.Equal(
            ["2026-06-15T09:00+00:00/2026-06-15T09:45+00:00", "2026-06-15T09:45+00:00/2026-06-15T10:30+00:00"],
            ShowAll(slots));
    }

    [Fact]
    public void GetSlots_SeveralWeeksAndWindows_ReturnsSortedDistinctSlots()
    {
        // Arrange
        var calendar = CreateCalendar("UTC", 60, DayOfWeek.Wednesday, [Window(8, 0, 10, 0), Window(14, 0, 15, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-06-01T00:00:00Z"), At("2026-06-15T00:00:00Z"));

        // Assert
        Assert.Equal(
            [
                At("2026-06-03T08:00:00Z"), At("2026-06-03T09:00:00Z"), At("2026-06-03T14:00:00Z"),
                At("2026-06-10T08:00:00Z"), At("2026-06-10T09:00:00Z"), At("2026-06-10T14:00:00Z"),
            ],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void GetSlots_RangeBounds_IncludeFromAndExcludeTo()
    {
        // Arrange
        var calendar = CreateCalendar("Europe/Berlin", 30, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);

        // Act: the same bounds written in UTC, to show the input offset does not matter.
        var slots = SlotCalculator.GetSlots(calendar, At("2026-06-15T07:30:00Z"), At("2026-06-15T08:30:00Z"));

        // Assert
        Assert.Equal([At("2026-06-15T09:30:00+02:00"), At("2026-06-15T10:00:00+02:00")], slots.Select(s => s.Start));
    }

    [Fact]
    public void GetSlots_EmptyOrReversedRange_ReturnsNothing()
    {
        // Arrange
        var calendar = CreateCalendar("UTC", 30, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);
        var instant = At("2026-06-15T09:00:00Z");

        // Act
        var empty = SlotCalculator.GetSlots(calendar, instant, instant);
        var reversed = SlotCalculator.GetSlots(calendar, instant.AddDays(1), instant);

        // Assert
        Assert.Empty(empty);
        Assert.Empty(reversed);
    }

    [Fact]
    public void GetSlots_BerlinSpringForward_SkipsTheMissingHour()
    {
        // Arrange: on Sunday 2026-03-29 Berlin jumps from 02:00+01:00 to 03:00+02:00 (01:00Z).
        var calendar = CreateCalendar("Europe/Berlin", 60, DayOfWeek.Sunday, [Window(1, 0, 4, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-03-29T00:00:00+01:00"), At("2026-03-30T00:00:00+02:00"));

        // Assert: 01:00 still lasts one real hour (it ends where 03:00 begins); 02:00 does not exist.
        Assert.Equal(
            ["2026-03-29T01:00+01:00/2026-03-29T03:00+02:00", "2026-03-29T03:00+02:00/2026-03-29T04:00+02:00"],
            ShowAll(slots));
        Assert.Equal([At("2026-03-29T00:00:00Z"), At("2026-03-29T01:00:00Z")], slots.Select(s => s.Start));
        Assert.Equal([At("2026-03-29T01:00:00Z"), At("2026-03-29T02:00:00Z")], slots.Select(s => s.End));
    }

    [Fact]
    public void GetSlots_BerlinSpringForwardWithLongSlots_SkipsSlotsThatStraddleTheJump()
    {
        // Arrange: a 01:00 two-hour slot would contain the jump at 01:00Z.
        var calendar = CreateCalendar("Europe/Berlin", 120, DayOfWeek.Sunday, [Window(1, 0, 7, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-03-29T00:00:00+01:00"), At("2026-03-30T00:00:00+02:00"));

        // Assert
        Assert.Equal(
            ["2026-03-29T03:00+02:00/2026-03-29T05:00+02:00", "2026-03-29T05:00+02:00/2026-03-29T07:00+02:00"],
            ShowAll(slots));
    }

    [Fact]
    public void GetSlots_BerlinFallBack_OffersTheRepeatedHourOnceAtItsFirstOccurrence()
    {
        // Arrange: on Sunday 2026-10-25 Berlin goes back from 03:00+02:00 to 02:00+01:00 (01:00Z).
        var calendar = CreateCalendar("Europe/Berlin", 60, DayOfWeek.Sunday, [Window(1, 0, 4, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-10-25T00:00:00+02:00"), At("2026-10-26T00:00:00+01:00"));

        // Assert
        Assert.Equal(
            [
                "2026-10-25T01:00+02:00/2026-10-25T02:00+02:00",
                "2026-10-25T02:00+02:00/2026-10-25T02:00+01:00",
                "2026-10-25T03:00+01:00/2026-10-25T04:00+01:00",
            ],
            ShowAll(slots));
        Assert.Equal(
            [At("2026-10-24T23:00:00Z"), At("2026-10-25T00:00:00Z"), At("2026-10-25T02:00:00Z")],
            slots.Select(s => s.Start));
        Assert.Single(slots, s => s.Start.TimeOfDay == TimeSpan.FromHours(2));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(60), s.End - s.Start));
    }

    [Fact]
    public void GetSlots_BerlinFallBackWithSlotAcrossTheChange_SkipsThatSlot()
    {
        // Arrange: 02:30+02:00 plus 90 minutes would cross the change at 01:00Z.
        var calendar = CreateCalendar("Europe/Berlin", 90, DayOfWeek.Sunday, [Window(1, 0, 4, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-10-25T00:00:00+02:00"), At("2026-10-26T00:00:00+01:00"));

        // Assert
        Assert.Equal(["2026-10-25T01:00+02:00/2026-10-25T02:30+02:00"], ShowAll(slots));
    }

    [Fact]
    public void GetSlots_NewYorkSpringForward_SkipsGapAndKeepsExactLengths()
    {
        // Arrange: on Sunday 2026-03-08 New York jumps from 02:00-05:00 to 03:00-04:00 (07:00Z).
        var calendar = CreateCalendar("America/New_York", 30, DayOfWeek.Sunday, [Window(1, 0, 4, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-03-08T00:00:00-05:00"), At("2026-03-09T00:00:00-04:00"));

        // Assert
        Assert.Equal(
            [
                "2026-03-08T01:00-05:00/2026-03-08T01:30-05:00",
                "2026-03-08T01:30-05:00/2026-03-08T03:00-04:00",
                "2026-03-08T03:00-04:00/2026-03-08T03:30-04:00",
                "2026-03-08T03:30-04:00/2026-03-08T04:00-04:00",
            ],
            ShowAll(slots));
        Assert.Equal(
            [At("2026-03-08T06:00:00Z"), At("2026-03-08T06:30:00Z"), At("2026-03-08T07:00:00Z"), At("2026-03-08T07:30:00Z")],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void GetSlots_NewYorkFallBack_OffersTheRepeatedHourOnce()
    {
        // Arrange: on Sunday 2026-11-01 New York goes back from 02:00-04:00 to 01:00-05:00 (06:00Z).
        var calendar = CreateCalendar("America/New_York", 60, DayOfWeek.Sunday, [Window(0, 0, 3, 0)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-11-01T00:00:00-04:00"), At("2026-11-02T00:00:00-05:00"));

        // Assert
        Assert.Equal(
            [
                "2026-11-01T00:00-04:00/2026-11-01T01:00-04:00",
                "2026-11-01T01:00-04:00/2026-11-01T01:00-05:00",
                "2026-11-01T02:00-05:00/2026-11-01T03:00-05:00",
            ],
            ShowAll(slots));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromHours(1), s.End - s.Start));
    }

    [Fact]
    public void GetSlots_NewYorkAcrossDstChange_KeepsLocalTimeAndMovesUtc()
    {
        // Arrange: the same 09:00 local slot on the Saturday before and the Monday after the change.
        var calendar = new BookableCalendar(
            "cal", "Test", "America/New_York", 60,
            new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>
            {
                [DayOfWeek.Saturday] = [Window(9, 0, 10, 0)],
                [DayOfWeek.Monday] = [Window(9, 0, 10, 0)],
            }),
            0, 30, null, DateTimeOffset.UnixEpoch);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-03-07T00:00:00Z"), At("2026-03-10T00:00:00Z"));

        // Assert
        Assert.Equal(
            ["2026-03-07T09:00-05:00/2026-03-07T10:00-05:00", "2026-03-09T09:00-04:00/2026-03-09T10:00-04:00"],
            ShowAll(slots));
        Assert.Equal([At("2026-03-07T14:00:00Z"), At("2026-03-09T13:00:00Z")], slots.Select(s => s.Start));
    }

    [Fact]
    public void GetSlots_WindowEndingAt2400_EndsLastSlotAtNextMidnight()
    {
        // Arrange: an End of 00:00 is how the validator stores "24:00".
        var calendar = CreateCalendar(
            "Europe/Berlin", 60, DayOfWeek.Monday, [new TimeWindow(new TimeOnly(22, 0), TimeOnly.MinValue)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-06-15T00:00:00+02:00"), At("2026-06-17T00:00:00+02:00"));

        // Assert
        Assert.Equal(
            ["2026-06-15T22:00+02:00/2026-06-15T23:00+02:00", "2026-06-15T23:00+02:00/2026-06-16T00:00+02:00"],
            ShowAll(slots));
    }

    [Fact]
    public void GetSlots_WholeDayWindow_CoversMidnightToMidnight()
    {
        // Arrange
        var calendar = CreateCalendar(
            "UTC", 480, DayOfWeek.Monday, [new TimeWindow(TimeOnly.MinValue, TimeOnly.MinValue)]);

        // Act
        var slots = SlotCalculator.GetSlots(calendar, At("2026-06-15T00:00:00Z"), At("2026-06-16T00:00:00Z"));

        // Assert
        Assert.Equal(
            [
                "2026-06-15T00:00+00:00/2026-06-15T08:00+00:00",
                "2026-06-15T08:00+00:00/2026-06-15T16:00+00:00",
                "2026-06-15T16:00+00:00/2026-06-16T00:00+00:00",
            ],
            ShowAll(slots));
    }

    [Fact]
    public void IsOffered_AlignedStartInsideBounds_ReturnsTrue()
    {
        // Arrange
        var calendar = CreateCalendar("Europe/Berlin", 30, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);
        var now = At("2026-06-10T12:00:00Z");

        // Act
        var offered = SlotCalculator.IsOffered(calendar, At("2026-06-15T10:30:00+02:00"), now);

        // Assert
        Assert.True(offered);
    }

    [Fact]
    public void IsOffered_SameInstantInAnotherOffset_ReturnsTrue()
    {
        // Arrange
        var calendar = CreateCalendar("Europe/Berlin", 30, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);
        var now = At("2026-06-10T12:00:00Z");

        // Act
        var offered = SlotCalculator.IsOffered(calendar, At("2026-06-15T17:30:00+09:00"), now);

        // Assert
        Assert.True(offered);
    }

    [Theory]
    [InlineData("2026-06-15T09:15:00+02:00")] // between two slot starts
    [InlineData("2026-06-15T09:00:01+02:00")] // one second off
    [InlineData("2026-06-15T11:00:00+02:00")] // the window's end, where no slot fits
    [InlineData("2026-06-15T08:30:00+02:00")] // before the window
    [InlineData("2026-06-16T09:00:00+02:00")] // a weekday without windows
    [InlineData("2026-06-15T09:00:00+00:00")] // the right wall-clock time in the wrong offset
    public void IsOffered_StartNotOnTheSlotGrid_ReturnsFalse(string start)
    {
        // Arrange
        var calendar = CreateCalendar("Europe/Berlin", 30, DayOfWeek.Monday, [Window(9, 0, 11, 0)]);
        var now = At("2026-06-10T12:00:00Z");

        // Act
        var offered = SlotCalculator.IsOffered(calendar, At(start), now);

        // Assert
        Assert.False(offered);
    }

    [Theory]
    [InlineData("2026-06-15T09:00:00+02:00", true)] // exactly now + notice
    [InlineData("2026-06-15T08:30:00+02:00", false)] // inside the notice period
    [InlineData("2026-06-15T07:30:00+02:00", false)] // in the past
    [InlineData("2026-06-22T07:30:00+02:00", true)] // last slot before the horizon
    [InlineData("2026-06-22T08:00:00+02:00", false)] // exactly now + horizon, which is exclusive
    [InlineData("2026-06-22T09:00:00+02:00", false)] // beyond the horizon
    [InlineData("2026-06-29T09:00:00+02:00", false)] // a week beyond the horizon
    public void IsOffered_NoticeAndHorizon_AreApplied(string start, bool expected)
    {
        // Arrange: Mondays 07:00-11:00, one hour of notice, a seven-day horizon, now is Monday 08:00.
        var calendar = CreateCalendar(
            "Europe/Berlin", 30, DayOfWeek.Monday, [Window(7, 0, 11, 0)], minimumNoticeMinutes: 60, horizonDays: 7);
        var now = new DateTimeOffset(2026, 6, 15, 8, 0, 0, BerlinSummer);

        // Act
        var offered = SlotCalculator.IsOffered(calendar, At(start), now);

        // Assert
        Assert.Equal(expected, offered);
    }

    [Theory]
    [InlineData("2026-03-29T02:30:00+01:00")] // the nonexistent 02:30 read with winter offset, really 03:30+02:00
    [InlineData("2026-03-29T02:30:00+02:00")] // the nonexistent 02:30 read with summer offset, really 01:30+01:00
    [InlineData("2026-03-29T01:00:00+01:00")] // the 01:00 slot, which would straddle the jump
    public void IsOffered_StartInSpringForwardGap_ReturnsFalse(string start)
    {
        // Arrange: 90-minute slots from 01:00 put the second start, 02:30, inside the gap.
        var calendar = CreateCalendar("Europe/Berlin", 90, DayOfWeek.Sunday, [Window(1, 0, 4, 0)]);
        var now = At("2026-03-20T00:00:00Z");

        // Act
        var offered = SlotCalculator.IsOffered(calendar, At(start), now);

        // Assert
        Assert.False(offered);
    }

    [Fact]
    public void IsOffered_SecondOccurrenceOfRepeatedHour_ReturnsFalse()
    {
        // Arrange
        var calendar = CreateCalendar("Europe/Berlin", 60, DayOfWeek.Sunday, [Window(1, 0, 4, 0)]);
        var now = At("2026-10-20T00:00:00Z");

        // Act
        var first = SlotCalculator.IsOffered(calendar, At("2026-10-25T02:00:00+02:00"), now);
        var second = SlotCalculator.IsOffered(calendar, At("2026-10-25T02:00:00+01:00"), now);

        // Assert
        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public void IsOffered_LastSlotOfWindowEndingAt2400_ReturnsTrue()
    {
        // Arrange
        var calendar = CreateCalendar(
            "America/New_York", 30, DayOfWeek.Friday, [new TimeWindow(new TimeOnly(23, 0), TimeOnly.MinValue)]);
        var now = At("2026-06-15T00:00:00Z");

        // Act
        var offered = SlotCalculator.IsOffered(calendar, At("2026-06-19T23:30:00-04:00"), now);

        // Assert
        Assert.True(offered);
    }

    public static TheoryData<string, int, int, int, int, int> TransitionDays => new()
    {
        // zone, year, month, day, slot minutes, window start hour (each window runs for six hours)
        { "Europe/Berlin", 2026, 3, 29, 60, 0 },
        { "Europe/Berlin", 2026, 3, 29, 45, 0 },
        { "Europe/Berlin", 2026, 10, 25, 60, 0 },
        { "Europe/Berlin", 2026, 10, 25, 25, 0 },
        { "America/New_York", 2026, 3, 8, 30, 0 },
        { "America/New_York", 2026, 11, 1, 40, 0 },
        { "UTC", 2026, 6, 15, 15, 18 },
    };

    [Theory]
    [MemberData(nameof(TransitionDays))]
    public void IsOffered_EveryMinuteOfATransitionDay_AgreesWithGetSlots(
        string timeZone, int year, int month, int day, int slotMinutes, int startHour)
    {
        // Arrange
        var date = new DateOnly(year, month, day);
        var windowEnd = startHour + 6 == 24 ? TimeOnly.MinValue : new TimeOnly(startHour + 6, 0);
        var calendar = CreateCalendar(
            timeZone, slotMinutes, date.DayOfWeek, [new TimeWindow(new TimeOnly(startHour, 0), windowEnd)], horizonDays: 10);
        var now = new DateTimeOffset(date.AddDays(-2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var scanFrom = now.AddDays(1);
        var scanTo = now.AddDays(4);
        var slots = SlotCalculator.GetSlots(calendar, scanFrom, scanTo);

        // Act
        var offered = new List<DateTimeOffset>();
        for (var instant = scanFrom; instant < scanTo; instant = instant.AddMinutes(1))
        {
            if (SlotCalculator.IsOffered(calendar, instant, now))
            {
                offered.Add(instant);
            }
        }

        // Assert
        Assert.NotEmpty(offered);
        Assert.Equal(slots.Select(s => s.Start), offered);
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(slotMinutes), s.End - s.Start));
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }
}
