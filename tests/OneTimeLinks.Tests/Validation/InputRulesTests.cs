using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Tests.Validation;

/// <summary>Dates are RFC 3339 only: every other form a lenient parser would guess at is refused.</summary>
public sealed class InputRulesTests
{
    [Theory]
    [InlineData("2026-12-01T17:00:00+01:00", "2026-12-01T16:00:00Z")]
    [InlineData("2026-12-01T16:00:00Z", "2026-12-01T16:00:00Z")]
    [InlineData("2026-12-01t16:00:00z", "2026-12-01T16:00:00Z")]
    [InlineData("2026-12-01T16:00:00.5Z", "2026-12-01T16:00:00.5Z")]
    [InlineData("2026-12-01T12:00:00.1234567-04:00", "2026-12-01T16:00:00.1234567Z")]
    public void ParseInstant_Rfc3339_ReadsTheInstant(string value, string expected)
    {
        var errors = new FieldErrors();

        var instant = InputRules.ParseInstant(value, "start", errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Theory]
    [InlineData("12/10/2030 10:00 +01:00")]
    [InlineData("10.12.2030 10:00:00 +01:00")]
    [InlineData("2030-12-10 10:00:00+01:00")]
    [InlineData("2030-12-10T10:00+01:00")]
    [InlineData("2030-12-10T10:00:00")]
    [InlineData("2030-12-10T10:00:00+0100")]
    [InlineData("2030-12-10T10:00:00 +01:00")]
    [InlineData("2030-13-10T10:00:00Z")]
    [InlineData("2030-12-10T25:00:00Z")]
    [InlineData("2030-12-10T10:00:00.12345678Z")]
    [InlineData("２０３０-12-10T10:00:00Z")]
    [InlineData("Tue, 10 Dec 2030 10:00:00 GMT")]
    [InlineData(" 2030-12-10T10:00:00Z")]
    public void ParseInstant_NotRfc3339_IsAFieldError(string value)
    {
        var errors = new FieldErrors();

        Assert.Null(InputRules.ParseInstant(value, "start", errors));
        Assert.Equal(["start"], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2000-01-01T00:59:59+01:00")]
    [InlineData("2200-01-01T00:00:00Z")]
    [InlineData("2199-12-31T23:00:00-01:00")]
    public void ParseInstant_OutsideTheAcceptedRange_IsAFieldError(string value)
    {
        var errors = new FieldErrors();

        Assert.Null(InputRules.ParseInstant(value, "start", errors));
        Assert.Equal(["start"], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("2000-01-01T01:00:00+01:00")]
    [InlineData("2199-12-31T23:59:59.9999999Z")]
    [InlineData("2199-12-31T22:59:59-01:00")]
    public void ParseInstant_AtTheBoundsOfTheAcceptedRange_ReadsTheInstant(string value)
    {
        var errors = new FieldErrors();

        Assert.NotNull(InputRules.ParseInstant(value, "start", errors));
        Assert.True(errors.IsEmpty);
    }
}
