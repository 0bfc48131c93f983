using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Tests.Calendars;

public sealed class CalendarValidatorTests
{
    private const string ValidId = "sales-team_1";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 8, 0, 0, TimeSpan.FromHours(2));

    private static CalendarRequest ValidRequest() => new(
        Name: "Sales team",
        TimeZone: "Europe/Berlin",
        SlotMinutes: 30,
        Availability: Days(("monday", [new("09:00", "12:00")])),
        MinimumNoticeMinutes: null,
        HorizonDays: null,
        ContactMessage: null);

    private static Dictionary<string, IReadOnlyList<TimeWindowRequest>?> Days(
        params (string Day, TimeWindowRequest[]? Windows)[] days) =>
        days.ToDictionary(d => d.Day, d => (IReadOnlyList<TimeWindowRequest>?)d.Windows);

    private sealed record InvalidCase(string CalendarId, Func<CalendarRequest, CalendarRequest> Mutate, string Field);

    // Each case breaks exactly one rule of an otherwise valid request, so the error must land on exactly one key.
    private static readonly Dictionary<string, InvalidCase> InvalidCases = new()
    {
        ["calendarId empty"] = new("", r => r, "calendarId"),
        ["calendarId with dot"] = new("sales.team", r => r, "calendarId"),
        ["calendarId with slash"] = new("sales/team", r => r, "calendarId"),
        ["calendarId non-ascii"] = new("café", r => r, "calendarId"),
        ["calendarId 65 chars"] = new(new string('a', 65), r => r, "calendarId"),
        ["name missing"] = new(ValidId, r => r with { Name = null }, "name"),
        ["name whitespace"] = new(ValidId, r => r with { Name = "   " }, "name"),
        ["name 201 chars"] = new(ValidId, r => r with { Name = new string('n', 201) }, "name"),
        ["timeZone missing"] = new(ValidId, r => r with { TimeZone = null }, "timeZone"),
        ["timeZone unknown"] = new(ValidId, r => r with { TimeZone = "Mars/Olympus_Mons" }, "timeZone"),
        ["timeZone windows id"] = new(ValidId, r => r with { TimeZone = "W. Europe Standard Time" }, "timeZone"),
        ["timeZone wrong case"] = new(ValidId, r => r with { TimeZone = "europe/berlin" }, "timeZone"),
        ["timeZone padded"] = new(ValidId, r => r with { TimeZone = " Europe/Berlin" }, "timeZone"),
        ["slotMinutes missing"] = new(ValidId, r => r with { SlotMinutes = null }, "slotMinutes"),
        ["slotMinutes 4"] = new(ValidId, r => r with { SlotMinutes = 4 }, "slotMinutes"),
        ["slotMinutes 481"] = new(ValidId, r => r with { SlotMinutes = 481 }, "slotMinutes"),
        ["availability missing"] = new(ValidId, r => r with { Availability = null }, "availability"),
        ["availability capitalised day"] = new(
            ValidId, r => r with { Availability = Days(("Monday", [new("09:00", "12:00")])) }, "availability.Monday"),
        ["availability unknown day"] = new(
            ValidId, r => r with { Availability = Days(("funday", [new("09:00", "12:00")])) }, "availability.funday"),
        ["window null"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("09:00", "10:00"), null!])) }, "availability.monday[1]"),
        ["start missing"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new(null, "12:00")])) }, "availability.monday[0].start"),
        ["start single-digit hour"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("9:00", "12:00")])) }, "availability.monday[0].start"),
        ["start without colon"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("0900", "12:00")])) }, "availability.monday[0].start"),
        ["start with seconds"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("09:00:00", "12:00")])) }, "availability.monday[0].start"),
        ["start minute 60"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("09:60", "12:00")])) }, "availability.monday[0].start"),
        ["start 24:00"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("24:00", "24:00")])) }, "availability.monday[0].start"),
        ["start arabic-indic digits"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("٠٩:٠٠", "12:00")])) }, "availability.monday[0].start"),
        ["end missing"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("09:00", null)])) }, "availability.monday[0].end"),
        ["end 24:01"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("23:00", "24:01")])) }, "availability.monday[0].end"),
        ["end 25:00"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("23:00", "25:00")])) }, "availability.monday[0].end"),
        ["end before start"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("12:00", "09:00")])) }, "availability.monday[0].end"),
        ["end equals start"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("09:00", "09:00")])) }, "availability.monday[0].end"),
        ["window shorter than slot"] = new(
            ValidId, r => r with { Availability = Days(("monday", [new("09:00", "09:29")])) }, "availability.monday[0].end"),
        ["second tuesday window shorter than slot"] = new(
            ValidId,
            r => r with { Availability = Days(("tuesday", [new("08:00", "09:00"), new("10:00", "10:10")])) },
            "availability.tuesday[1].end"),
        ["windows overlap"] = new(
            ValidId,
            r => r with { Availability = Days(("monday", [new("11:00", "13:00"), new("09:00", "11:30")])) },
            "availability.monday"),
        ["minimumNoticeMinutes negative"] = new(ValidId, r => r with { MinimumNoticeMinutes = -1 }, "minimumNoticeMinutes"),
        ["minimumNoticeMinutes over a year"] = new(
            ValidId, r => r with { MinimumNoticeMinutes = 525_601 }, "minimumNoticeMinutes"),
        ["horizonDays 0"] = new(ValidId, r => r with { HorizonDays = 0 }, "horizonDays"),
        ["horizonDays 366"] = new(ValidId, r => r with { HorizonDays = 366 }, "horizonDays"),
        ["contactMessage 1001 chars"] = new(
            ValidId, r => r with { ContactMessage = new string('c', 1001) }, "contactMessage"),
        ["bufferBeforeMinutes negative"] = new(ValidId, r => r with { BufferBeforeMinutes = -1 }, "bufferBeforeMinutes"),
        ["bufferBeforeMinutes 241"] = new(ValidId, r => r with { BufferBeforeMinutes = 241 }, "bufferBeforeMinutes"),
        ["bufferAfterMinutes 241"] = new(ValidId, r => r with { BufferAfterMinutes = 241 }, "bufferAfterMinutes"),
        ["maxBookingsPerDay 0"] = new(ValidId, r => r with { MaxBookingsPerDay = 0 }, "maxBookingsPerDay"),
        ["maxBookingsPerDay 1001"] = new(ValidId, r => r with { MaxBookingsPerDay = 1001 }, "maxBookingsPerDay"),
        ["slotIntervalMinutes 4"] = new(ValidId, r => r with { SlotIntervalMinutes = 4 }, "slotIntervalMinutes"),
        ["slotIntervalMinutes 721"] = new(ValidId, r => r with { SlotIntervalMinutes = 721 }, "slotIntervalMinutes"),
        ["language not spoken by the pages"] = new(ValidId, r => r with { Language = "it" }, "language"),
        ["language with a region"] = new(ValidId, r => r with { Language = "de-DE" }, "language"),
    };

    public static TheoryData<string> InvalidCaseNames => new(InvalidCases.Keys);

    [Theory]
    [MemberData(nameof(InvalidCaseNames))]
    public void Validate_OneRuleBroken_ReturnsNullWithErrorOnExactlyThatField(string caseName)
    {
        // Arrange
        var invalid = InvalidCases[caseName];
        var request = invalid.Mutate(ValidRequest());
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(invalid.CalendarId, request, Now, errors);

        // Assert
        Assert.Null(calendar);
        Assert.Equal([invalid.Field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_NullRequest_ReportsMissingBodyOnEmptyKey()
    {
        // Arrange
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(ValidId, null, Now, errors);

        // Assert
        Assert.Null(calendar);
        var error = Assert.Single(errors.ToDictionary());
        Assert.Equal("", error.Key);
        Assert.Equal(["A JSON body is required."], error.Value);
    }

    [Fact]
    public void Validate_NullRequestAndBadId_ReportsBoth()
    {
        // Arrange
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate("a.b", null, Now, errors);

        // Assert
        Assert.Null(calendar);
        Assert.Equal(["", "calendarId"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryField()
    {
        // Arrange
        var request = new CalendarRequest(
            Name: "",
            TimeZone: "Nowhere/Atlantis",
            SlotMinutes: 0,
            Availability: Days(("monday", [new("9", "10:00")]), ("someday", [])),
            MinimumNoticeMinutes: -5,
            HorizonDays: 1000,
            ContactMessage: new string('x', 2000));
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate("bad id", request, Now, errors);

        // Assert
        Assert.Null(calendar);
        Assert.Equal(
            [
                "availability.monday[0].start", "availability.someday", "calendarId", "contactMessage",
                "horizonDays", "minimumNoticeMinutes", "name", "slotMinutes", "timeZone",
            ],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_InvalidSlotMinutes_DoesNotAlsoBlameWindowLength()
    {
        // Arrange
        var request = ValidRequest() with
        {
            SlotMinutes = 1000,
            Availability = Days(("monday", [new("09:00", "09:10")])),
        };
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(ValidId, request, Now, errors);

        // Assert
        Assert.Null(calendar);
        Assert.Equal(["slotMinutes"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_ValidRequest_ReturnsNormalisedCalendarStampedWithNow()
    {
        // Arrange
        var request = new CalendarRequest(
            Name: "  Sales team  ",
            TimeZone: "America/New_York",
            SlotMinutes: 45,
            Availability: Days(
                ("monday", [new("13:00", "17:00"), new("09:00", "12:00")]),
                ("friday", [new("22:00", "24:00")]),
                ("saturday", null),
                ("sunday", [])),
            MinimumNoticeMinutes: 120,
            HorizonDays: 14,
            ContactMessage: "  Call us on +49 30 1234  ")
        {
            Language = "nl",
        };
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(ValidId, request, Now, errors);

        // Assert
        Assert.True(errors.IsEmpty);
        Assert.NotNull(calendar);
        Assert.Equal(ValidId, calendar.Id);
        Assert.Equal("Sales team", calendar.Name);
        Assert.Equal("America/New_York", calendar.TimeZone);
        Assert.Equal(45, calendar.SlotMinutes);
        Assert.Equal(120, calendar.MinimumNoticeMinutes);
        Assert.Equal(14, calendar.HorizonDays);
        Assert.Equal("Call us on +49 30 1234", calendar.ContactMessage);
        Assert.Equal("nl", calendar.Language);
        Assert.Equal(Now, calendar.UpdatedAt);
        Assert.Equal(
            [new TimeWindow(new TimeOnly(9, 0), new TimeOnly(12, 0)), new TimeWindow(new TimeOnly(13, 0), new TimeOnly(17, 0))],
            calendar.Availability.For(DayOfWeek.Monday));
        Assert.Equal([new TimeWindow(new TimeOnly(22, 0), TimeOnly.MinValue)], calendar.Availability.For(DayOfWeek.Friday));
        Assert.Empty(calendar.Availability.For(DayOfWeek.Saturday));
        Assert.Empty(calendar.Availability.For(DayOfWeek.Sunday));
        Assert.Empty(calendar.Availability.For(DayOfWeek.Tuesday));
    }

    [Fact]
    public void Validate_OptionalFieldsOmitted_AppliesDefaults()
    {
        // Arrange
        var request = ValidRequest() with { ContactMessage = "   " };
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(ValidId, request, Now, errors);

        // Assert
        Assert.NotNull(calendar);
        Assert.Equal(0, calendar.MinimumNoticeMinutes);
        Assert.Equal(30, calendar.HorizonDays);
        Assert.Null(calendar.ContactMessage);
        Assert.Equal((0, 0, null), (calendar.BufferBeforeMinutes, calendar.BufferAfterMinutes, calendar.MaxBookingsPerDay));
        Assert.Null(calendar.SlotIntervalMinutes);
        Assert.Equal(30, calendar.SlotStepMinutes);
    }

    [Fact]
    public void Validate_CallerErrorsAlreadyPresent_StillReturnsCalendarForValidRequest()
    {
        // Arrange
        var errors = new FieldErrors();
        errors.Add("somethingElse", "Reported by the caller.");

        // Act
        var calendar = CalendarValidator.Validate(ValidId, ValidRequest(), Now, errors);

        // Assert
        Assert.NotNull(calendar);
        Assert.Equal(["somethingElse"], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    public void Validate_IanaTimeZone_IsAccepted(string timeZone)
    {
        // Arrange
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(ValidId, ValidRequest() with { TimeZone = timeZone }, Now, errors);

        // Assert
        Assert.NotNull(calendar);
        Assert.Equal(timeZone, calendar.TimeZone);
    }

    private static readonly Dictionary<string, CalendarRequest> BoundaryRequests = new()
    {
        ["slotMinutes 5"] = ValidRequest() with { SlotMinutes = 5 },
        ["slotMinutes 480"] = ValidRequest() with { SlotMinutes = 480, Availability = Days(("monday", [new("00:00", "08:00")])) },
        ["notice 0"] = ValidRequest() with { MinimumNoticeMinutes = 0 },
        ["notice one year"] = ValidRequest() with { MinimumNoticeMinutes = 525_600 },
        ["horizon 1"] = ValidRequest() with { HorizonDays = 1 },
        ["horizon 365"] = ValidRequest() with { HorizonDays = 365 },
        ["name 200 chars"] = ValidRequest() with { Name = new string('n', 200) },
        ["contact 1000 chars"] = ValidRequest() with { ContactMessage = new string('c', 1000) },
        ["buffers 0"] = ValidRequest() with { BufferBeforeMinutes = 0, BufferAfterMinutes = 0 },
        ["buffers 240"] = ValidRequest() with { BufferBeforeMinutes = 240, BufferAfterMinutes = 240 },
        ["day limit 1"] = ValidRequest() with { MaxBookingsPerDay = 1 },
        ["day limit 1000"] = ValidRequest() with { MaxBookingsPerDay = 1000 },
        ["interval 5"] = ValidRequest() with { SlotIntervalMinutes = 5 },
        ["interval 720"] = ValidRequest() with { SlotIntervalMinutes = 720 },
        ["empty availability"] = ValidRequest() with { Availability = Days() },
        ["whole day"] = ValidRequest() with { Availability = Days(("sunday", [new("00:00", "24:00")])) },
        ["last minute"] = ValidRequest() with { SlotMinutes = 5, Availability = Days(("sunday", [new("23:54", "23:59")])) },
        ["window exactly one slot"] = ValidRequest() with { Availability = Days(("monday", [new("09:00", "09:30")])) },
        ["touching windows"] = ValidRequest() with { Availability = Days(("monday", [new("09:00", "10:00"), new("10:00", "11:00")])) },
        ["all seven days"] = ValidRequest() with { Availability = Days(
            ("monday", [new("09:00", "10:00")]), ("tuesday", [new("09:00", "10:00")]),
            ("wednesday", [new("09:00", "10:00")]), ("thursday", [new("09:00", "10:00")]),
            ("friday", [new("09:00", "10:00")]), ("saturday", [new("09:00", "10:00")]),
            ("sunday", [new("09:00", "10:00")])) },
    };

    public static TheoryData<string> BoundaryCaseNames => new(BoundaryRequests.Keys);

    [Theory]
    [MemberData(nameof(BoundaryCaseNames))]
    public void Validate_ValueAtBoundary_IsAccepted(string scenario)
    {
        // Arrange
        var request = BoundaryRequests[scenario];
        var errors = new FieldErrors();

        // Act
        var calendar = CalendarValidator.Validate(ValidId, request, Now, errors);

        // Assert
        Assert.True(errors.IsEmpty, $"{scenario}: {string.Join(", ", errors.ToDictionary().Keys)}");
        Assert.NotNull(calendar);
    }

    [Fact]
    public void Validate_AllSevenDays_MapsEachKeyToItsWeekday()
    {
        // Arrange
        string[] keys = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
        var request = ValidRequest() with
        {
            SlotMinutes = 5,
            // Each day gets a different start hour, so a mix-up between days is visible.
            Availability = keys.Select((key, hour) => (key, new TimeWindowRequest[] { new($"0{hour}:00", $"0{hour}:30") }))
                .ToDictionary(d => d.key, d => (IReadOnlyList<TimeWindowRequest>?)d.Item2),
        };

        // Act
        var calendar = CalendarValidator.Validate(ValidId, request, Now, new FieldErrors());

        // Assert
        Assert.NotNull(calendar);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            Assert.Equal(new TimeOnly((int)day, 0), Assert.Single(calendar.Availability.For(day)).Start);
        }
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Sales-Team_2026", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    [InlineData("a%20b", false)]
    [InlineData("ä", false)]
    public void IsValidCalendarId_Value_ReturnsExpected(string? id, bool expected)
    {
        // Act
        var valid = CalendarValidator.IsValidCalendarId(id);

        // Assert
        Assert.Equal(expected, valid);
    }
}
