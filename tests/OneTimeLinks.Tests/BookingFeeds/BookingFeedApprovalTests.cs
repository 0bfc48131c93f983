using OneTimeLinks.Core.BookingFeeds;
using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>
/// The booking feed and owner approval: a request enters the owner's calendar only once confirmed, and a client that
/// polls with <c>If-Modified-Since</c> sees it then.
/// </summary>
public sealed class BookingFeedApprovalTests
{
    private static readonly DateTimeOffset Made = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Made.AddDays(1);
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    private static readonly Booking Request = new(new string('a', 32), "praxis", "link", Made.AddDays(4), Made.AddDays(4).AddMinutes(30), "Jane", "jane@example.com", null, null, Made)
    {
        Status = BookingStatus.Pending,
        ConfirmBy = Made.AddHours(24),
    };

    [Fact]
    public void IsInFeed_PendingOrDeclinedRequest_IsNotInTheFeed()
    {
        Assert.False(BookingFeedRules.IsInFeed(Request, Now, KeptFor));
        Assert.False(BookingFeedRules.IsInFeed(Request with { Status = BookingStatus.Declined, Decline = new BookingDecline(Now, null, false) }, Now, KeptFor));
    }

    [Fact]
    public void IsInFeed_RequestCanceledWhilePending_IsNotListedAsCancelled()
    {
        var canceled = Request with { Status = BookingStatus.Canceled, Cancellation = new BookingCancellation(Now, ChangedBy.Invitee, null) };

        Assert.False(BookingFeedRules.IsInFeed(canceled, Now, KeptFor));
    }

    [Fact]
    public void IsInFeed_ConfirmedRequestLaterCanceled_StaysAsCancelled()
    {
        var canceled = Request with
        {
            Status = BookingStatus.Canceled,
            ConfirmedAt = Made.AddHours(2),
            Cancellation = new BookingCancellation(Now, ChangedBy.Invitee, null),
        };

        Assert.True(BookingFeedRules.IsInFeed(canceled, Now, KeptFor));
    }

    [Fact]
    public void LastModified_ConfirmedRequest_IsTheConfirmation()
    {
        var confirmedAt = Made.AddHours(5);
        var confirmed = Request with { Status = BookingStatus.Confirmed, ConfirmedAt = confirmedAt };

        Assert.True(BookingFeedRules.IsInFeed(confirmed, Now, KeptFor));
        Assert.Equal(confirmedAt, BookingFeedRules.LastModified(confirmed));
    }
}
