using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.BookingChanges;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24: what the panel's bookings view reads. Upcoming is pending and confirmed bookings from now to the end of
/// the 14th local date in the calendar's zone (today is the first); pending is every request still waiting.
/// </summary>
public sealed class UpcomingBookingsTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(1);

    // Now is Monday 7 December 2026, 08:00 in Berlin: the 14th date is Sunday the 20th, so the window ends at its midnight.
    private static readonly DateTimeOffset WindowEnd = new(2026, 12, 21, 0, 0, 0, Berlin);

    private protected override object? Calendar => PanelBookingsTestHelpers.AllDayApprovalCalendar();

    private IUpcomingBookingsService Upcoming => App.Services.GetRequiredService<IUpcomingBookingsService>();

    private async Task<string> RequestAsync(DateTimeOffset start) => (await App.RequestThroughNewLinkAsync(start)).BookingId;

    [Fact]
    public async Task ListUpcoming_WindowEdges_FromNowToTheEndOfTheFourteenthLocalDateByStart()
    {
        var started = await RequestAsync(new DateTimeOffset(2026, 12, 7, 8, 30, 0, Berlin));
        var confirmed = await RequestAsync(new DateTimeOffset(2026, 12, 7, 9, 0, 0, Berlin));
        var last = await RequestAsync(WindowEnd.AddMinutes(-30));
        await RequestAsync(WindowEnd);
        var canceled = await RequestAsync(new DateTimeOffset(2026, 12, 8, 10, 0, 0, Berlin));
        var declined = await RequestAsync(new DateTimeOffset(2026, 12, 8, 11, 0, 0, Berlin));
        (await App.ConfirmAsync(confirmed)).Dispose();
        (await App.CrmCancelAsync(canceled)).Dispose();
        (await App.DeclineAsync(declined)).Dispose();
        App.Time.Advance(TimeSpan.FromMinutes(31));

        var listed = Assert.IsType<UpcomingBookingsOutcome.Listed>(await Upcoming.ListUpcomingAsync(CalendarId, null));

        Assert.Equal(TestApp.DefaultNow.AddMinutes(31), listed.From);
        Assert.Equal(WindowEnd, listed.To);
        Assert.Equal([confirmed, last], listed.Page.Bookings.Select(b => b.BookingId));
        Assert.Equal([BookingStatus.Confirmed, BookingStatus.Pending], listed.Page.Bookings.Select(b => b.Status));
        Assert.DoesNotContain(started, listed.Page.Bookings.Select(b => b.BookingId));
        Assert.Null(listed.Page.ContinuationToken);
    }

    [Fact]
    public async Task ListPending_RequestsBeyondTheFourteenDays_OnlyPendingOnesByStartWithTheirLinksNotes()
    {
        var (later, linkId) = await App.RequestThroughNewLinkAsync(WindowEnd.AddDays(7), note: "Jane, the roof repair");
        var soon = await RequestAsync(new DateTimeOffset(2026, 12, 7, 9, 0, 0, Berlin));
        var confirmed = await RequestAsync(new DateTimeOffset(2026, 12, 7, 10, 0, 0, Berlin));
        (await App.ConfirmAsync(confirmed)).Dispose();

        var listed = Assert.IsType<UpcomingBookingsOutcome.Listed>(await Upcoming.ListPendingAsync(CalendarId, null));

        Assert.Equal([soon, later], listed.Page.Bookings.Select(b => b.BookingId));
        Assert.Equal("Jane, the roof repair", Assert.Single(listed.LinkNotes, n => n.Key == linkId).Value);
        Assert.Single(listed.LinkNotes);
    }

    [Fact]
    public async Task ListUpcoming_UnknownCalendarOrForeignToken_NotFoundOrInvalid()
    {
        Assert.IsType<UpcomingBookingsOutcome.CalendarNotFound>(await Upcoming.ListUpcomingAsync("no-such-calendar", null));
        Assert.IsType<UpcomingBookingsOutcome.CalendarNotFound>(await Upcoming.ListPendingAsync("Bad Id!", null));
        Assert.IsType<UpcomingBookingsOutcome.InvalidContinuation>(await Upcoming.ListUpcomingAsync(CalendarId, "not-a-token"));
    }
}
