using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Tests.InviteeBooking;

/// <summary>What makes two requests "the same" for one Idempotency-Key.</summary>
public sealed class BookingServiceFingerprintTests
{
    private static readonly BookingRequest Request = new("2026-12-07T09:00:00+01:00", "Jane Doe", "jane@example.com", "+49 30 1", "Hi");

    [Fact]
    public void Fingerprint_Always_Is64LowercaseHexCharacters()
    {
        Assert.Matches("^[0-9a-f]{64}$", BookingService.Fingerprint(Request));
    }

    [Fact]
    public void Fingerprint_SameRequestTwice_IsEqual()
    {
        Assert.Equal(BookingService.Fingerprint(Request), BookingService.Fingerprint(Request with { }));
    }

    [Theory]
    [InlineData("2026-12-07T08:00:00Z")]
    [InlineData("2026-12-07T08:00:00+00:00")]
    [InlineData("2026-12-07T03:00:00-05:00")]
    [InlineData("2026-12-07T09:00:00.0000000+01:00")]
    public void Fingerprint_SameInstantWrittenDifferently_IsEqual(string start)
    {
        Assert.Equal(BookingService.Fingerprint(Request), BookingService.Fingerprint(Request with { Start = start }));
    }

    [Fact]
    public void Fingerprint_TextFieldsPaddedWithWhitespace_IsEqual()
    {
        var padded = Request with { Name = "  Jane Doe ", Email = " jane@example.com", Phone = "+49 30 1 ", Message = "\tHi\n" };

        Assert.Equal(BookingService.Fingerprint(Request), BookingService.Fingerprint(padded));
    }

    public static TheoryData<string, BookingRequest> ChangedRequests() => new()
    {
        { "start one slot later", Request with { Start = "2026-12-07T09:30:00+01:00" } },
        { "same wall clock in another offset", Request with { Start = "2026-12-07T09:00:00+02:00" } },
        { "other name", Request with { Name = "John Doe" } },
        { "other email", Request with { Email = "john@example.com" } },
        { "no phone", Request with { Phone = null } },
        { "other message", Request with { Message = "Hello" } },
        { "name and email swapped", Request with { Name = "jane@example.com", Email = "Jane Doe" } },
    };

    [Theory]
    [MemberData(nameof(ChangedRequests))]
    public void Fingerprint_AnyFieldChanged_Differs(string change, BookingRequest changed)
    {
        Assert.True(BookingService.Fingerprint(Request) != BookingService.Fingerprint(changed), change);
    }

    [Fact]
    public void Fingerprint_UnparseableStart_IsStableAndDiffersFromParsedOnes()
    {
        var garbage = Request with { Start = "not a date" };

        Assert.Equal(BookingService.Fingerprint(garbage), BookingService.Fingerprint(garbage with { }));
        Assert.NotEqual(BookingService.Fingerprint(Request), BookingService.Fingerprint(garbage));
    }

    [Fact]
    public void Fingerprint_NullRequest_DoesNotThrowAndDiffersFromARealOne()
    {
        Assert.NotEqual(BookingService.Fingerprint(Request), BookingService.Fingerprint(null));
    }
}
