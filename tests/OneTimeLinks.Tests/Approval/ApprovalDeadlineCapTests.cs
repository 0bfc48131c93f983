namespace OneTimeLinks.Tests.Approval;

/// <summary>A request's confirmation deadline never lies after its start: the sweep declines it at its start at the latest.</summary>
public sealed class ApprovalDeadlineCapTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override object? Calendar => ApprovalApi.ApprovalCalendar(168);

    [Fact]
    public async Task Book_RequestStartingBeforeTheDeadline_ConfirmByIsItsStartAndTheSweepDeclinesItThen()
    {
        var url = await App.GenerateLinkUrlAsync();
        using var booked = await App.BookJsonAsync(url, FirstSlot);
        var booking = await booked.AssertJsonAsync(HttpStatusCode.Created);
        var bookingId = booking.Text("bookingId");

        Assert.Equal(FirstSlot, Instant(booking["confirmBy"]));
        Assert.Equal(FirstSlot, Instant((await App.BookingStateAsync(bookingId))["confirmBy"]));

        App.Time.Advance(FirstSlot - App.Time.GetUtcNow());
        Assert.Equal(1, (await App.SweepAsync()).Declined);
        Assert.Equal("deadline", (await App.BookingStateAsync(bookingId)).Text("declineReason"));
        Assert.Equal("deadline", Bus.SentEvents(LinkEventTypes.BookingDeclined).Single().Event.DataObject()["reason"]!.GetValue<string>());
    }
}
