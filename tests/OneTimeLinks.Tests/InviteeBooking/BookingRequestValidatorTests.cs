using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Tests.InviteeBooking;

public sealed class BookingRequestValidatorTests
{
    private static BookingRequest Valid() => new(
        Start: "2026-12-07T09:00:00+01:00",
        Name: "Jane Doe",
        Email: "jane@example.com",
        Phone: "+49 (30) 123-45/67.8",
        Message: "Looking forward to it.");

    private static readonly Dictionary<string, (Func<BookingRequest, BookingRequest> Mutate, string Field)> InvalidCases = new()
    {
        ["start missing"] = (r => r with { Start = null }, "start"),
        ["start blank"] = (r => r with { Start = "  " }, "start"),
        ["start without offset"] = (r => r with { Start = "2026-12-07T09:00:00" }, "start"),
        ["start date only"] = (r => r with { Start = "2026-12-07" }, "start"),
        ["start not a date"] = (r => r with { Start = "monday at nine" }, "start"),
        ["start impossible time"] = (r => r with { Start = "2026-12-07T25:00:00+01:00" }, "start"),
        ["name missing"] = (r => r with { Name = null }, "name"),
        ["name blank"] = (r => r with { Name = " \t " }, "name"),
        ["name of 201 characters"] = (r => r with { Name = new string('n', 201) }, "name"),
        ["name with a control character"] = (r => r with { Name = "Jane\u0000Doe" }, "name"),
        ["email missing"] = (r => r with { Email = null }, "email"),
        ["email blank"] = (r => r with { Email = "" }, "email"),
        ["email without at"] = (r => r with { Email = "jane.example.com" }, "email"),
        ["email with display name"] = (r => r with { Email = "Jane <jane@example.com>" }, "email"),
        ["email with inner space"] = (r => r with { Email = "jane doe@example.com" }, "email"),
        ["email without dot in host"] = (r => r with { Email = "jane@localhost" }, "email"),
        ["email of 255 characters"] = (r => r with { Email = new string('j', 243) + "@example.com" }, "email"),
        ["phone with letters"] = (r => r with { Phone = "+49 30 CALL-ME" }, "phone"),
        ["phone of 41 characters"] = (r => r with { Phone = new string('1', 41) }, "phone"),
        ["message of 2001 characters"] = (r => r with { Message = new string('m', 2001) }, "message"),
        ["message with a control character"] = (r => r with { Message = "hello\u001bworld" }, "message"),
    };

    public static TheoryData<string> InvalidCaseNames() => new(InvalidCases.Keys);

    [Theory]
    [MemberData(nameof(InvalidCaseNames))]
    public void Validate_OneFieldBroken_ReportsExactlyThatField(string caseName)
    {
        var (mutate, field) = InvalidCases[caseName];
        var errors = new FieldErrors();

        var result = BookingRequestValidator.Validate(mutate(Valid()), errors);

        Assert.Null(result);
        Assert.Equal([field], errors.ToDictionary().Keys);
        Assert.Single(errors.ToDictionary()[field]);
    }

    [Fact]
    public void Validate_NullRequest_ReportsTheBodyUnderTheEmptyKey()
    {
        var errors = new FieldErrors();

        var result = BookingRequestValidator.Validate(null, errors);

        Assert.Null(result);
        Assert.Equal([""], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_EmptyObject_ReportsEveryRequiredField()
    {
        var errors = new FieldErrors();

        var result = BookingRequestValidator.Validate(new BookingRequest(null, null, null, null, null), errors);

        Assert.Null(result);
        Assert.Equal(["email", "name", "start"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_FullValidRequest_ReturnsParsedValues()
    {
        var errors = new FieldErrors();

        var result = BookingRequestValidator.Validate(Valid(), errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(
            new ValidBookingRequest(
                new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1)),
                "Jane Doe",
                "jane@example.com",
                "+49 (30) 123-45/67.8",
                "Looking forward to it."),
            result);
    }

    [Fact]
    public void Validate_UtcStartWithZ_IsTheSameInstant()
    {
        var errors = new FieldErrors();

        var result = BookingRequestValidator.Validate(Valid() with { Start = "2026-12-07T08:00:00Z" }, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1)), result!.Start);
    }

    [Fact]
    public void Validate_OptionalFieldsBlankAndTextPadded_TrimsAndDropsBlanks()
    {
        var errors = new FieldErrors();

        var result = BookingRequestValidator.Validate(
            new BookingRequest("2026-12-07T09:00:00+01:00", "  Jane Doe ", " jane@example.com ", "   ", ""), errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal("Jane Doe", result!.Name);
        Assert.Equal("jane@example.com", result.Email);
        Assert.Null(result.Phone);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Validate_LimitsExactlyReached_AreAccepted()
    {
        var errors = new FieldErrors();
        var request = Valid() with
        {
            Name = new string('n', 200),
            Phone = new string('1', 40),
            Message = new string('m', 2000),
        };

        var result = BookingRequestValidator.Validate(request, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(200, result!.Name.Length);
        Assert.Equal(40, result.Phone!.Length);
        Assert.Equal(2000, result.Message!.Length);
    }
}
