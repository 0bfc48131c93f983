using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Tests.BookingChanges;

/// <summary>
/// Changes racing each other and new bookings, released at once against the runner and Azurite: every race ends in
/// one consistent state, no time is held twice or by a canceled booking, and each committed change has one event.
/// </summary>
public sealed class BookingChangeRaceTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Nine = FirstSlot;

    private static Task<List<(HttpStatusCode Status, string Body)>> RaceAsync(params Func<Task<HttpResponseMessage>>[] calls) =>
        Race.AllAsync(calls.Length, i => calls[i]());

    [Fact]
    public async Task InviteeRescheduleRacingOrganiserCancel_TenRounds_EndCanceledWithTheEventsOfWhatCommitted()
    {
        for (var round = 0; round < 10; round++)
        {
            var start = Nine.AddDays(round / 4).AddHours(2 * (round % 4));
            var (booking, _) = await App.BookNewLinkAsync(start);
            var bookingId = booking["bookingId"]!.GetValue<string>();

            var results = await RaceAsync(
                () => App.ManageRescheduleAsync(booking["manageUrl"]!.GetValue<string>(), start.AddHours(1)),
                () => App.CrmCancelAsync(bookingId, "race"));

            // The cancel always wins in the end: either it came first (the move then finds it canceled) or second.
            Assert.Equal(HttpStatusCode.OK, results[1].Item1);
            using var final = await App.CrmGetAsync(bookingId);
            var state = await final.AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal("canceled", state["status"]!.GetValue<string>());
            var moved = results[0].Item1 == HttpStatusCode.OK;
            Assert.True(moved || results[0].Item2.Contains("booking-canceled", StringComparison.Ordinal), results[0].Item2);
            Assert.Equal(moved ? 1 : 0, state["history"]!.AsArray().Count);
            Assert.Equal(moved ? 1 : 0, Bus.SentEvents(LinkEventTypes.BookingRescheduled).Count(e => Data(e).Contains(bookingId, StringComparison.Ordinal)));
        }

        Assert.Equal(10, Bus.SentEvents(LinkEventTypes.BookingCanceled).Count);
        Assert.Empty(await App.AgendaClaimsAsync());
    }

    [Fact]
    public async Task TwoReschedulesOfOneBooking_TenRounds_TheBookingHoldsExactlyOneOfTheTimesWithOneEventPerMove()
    {
        for (var round = 0; round < 10; round++)
        {
            var start = Nine.AddDays(round / 2).AddHours(4 * (round % 2));
            var (booking, _) = await App.BookNewLinkAsync(start);
            var bookingId = booking["bookingId"]!.GetValue<string>();
            var (a, b) = (start.AddHours(1), start.AddHours(2));

            var results = await RaceAsync(
                () => App.CrmRescheduleAsync(bookingId, a),
                () => App.ManageRescheduleAsync(booking["manageUrl"]!.GetValue<string>(), b));

            Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Item1));
            using var final = await App.CrmGetAsync(bookingId);
            var state = await final.AssertJsonAsync(HttpStatusCode.OK);
            var finalStart = Instant(state["start"]);
            Assert.Contains(finalStart, new[] { a, b });
            Assert.Equal(2, state["history"]!.AsArray().Count);
            var claims = (await App.AgendaClaimsAsync()).Where(c => c.Key == bookingId).ToList();
            Assert.Equal(finalStart, Assert.Single(claims).Start);
        }

        Assert.Equal(20, Bus.SentEvents(LinkEventTypes.BookingRescheduled).Count);
    }

    [Fact]
    public async Task RescheduleRacingANewBookingForTheSameTime_TenRounds_ExactlyOneHoldsTheTime()
    {
        for (var round = 0; round < 10; round++)
        {
            var start = Nine.AddDays(round / 4).AddHours(2 * (round % 4));
            var target = start.AddHours(1);
            var (booking, _) = await App.BookNewLinkAsync(start);
            var bookingId = booking["bookingId"]!.GetValue<string>();
            var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();

            var results = await RaceAsync(
                () => App.CrmRescheduleAsync(bookingId, target),
                () => App.BookJsonAsync(url, target));

            var moved = results[0].Item1 == HttpStatusCode.OK;
            var booked = results[1].Item1 == HttpStatusCode.Created;
            Assert.True(moved ^ booked, $"{results[0].Item1} / {results[1].Item1}: {results[0].Item2} {results[1].Item2}");
            Assert.Equal(HttpStatusCode.Conflict, moved ? results[1].Item1 : results[0].Item1);
            Assert.Single(await App.AgendaClaimsAsync(), c => c.Start == target);
        }

        var claims = (await App.AgendaClaimsAsync()).Where(c => c.Kind == AgendaEntryKind.Booking).OrderBy(c => c.Start).ToList();
        for (var i = 1; i < claims.Count; i++)
        {
            Assert.True(claims[i - 1].End <= claims[i].Start, "two bookings hold the same time");
        }
    }

    private static string Data((Azure.Messaging.ServiceBus.ServiceBusMessage Message, Azure.Messaging.CloudEvent Event) sent) =>
        sent.Event.Data!.ToString();
}
