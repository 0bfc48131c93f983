namespace OneTimeLinks.Tests.Approval;

/// <summary>
/// Issue 23: the owner's confirm and decline, the deadline sweep and a revoke, released at once against the runner and
/// Azurite. Each race ends in exactly one outcome with exactly its event, and no time is held twice or by a declined
/// request.
/// </summary>
public sealed class ApprovalRaceTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const int Rounds = 20;

    // One-hour deadlines, so every round can pass its own deadline without leaving the bookable days.
    private protected override object? Calendar => ApprovalApi.ApprovalCalendar(deadlineHours: 1);

    private async Task<(string BookingId, string LinkId)> RequestAsync(DateTimeOffset start, object? link = null)
    {
        var created = await App.GenerateLinkAsync(CalendarId, link);
        using var response = await App.BookJsonAsync(created.Text("url"), start);
        var booking = await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", booking.Text("status"));
        return (booking.Text("bookingId"), created.Text("linkId"));
    }

    private List<JsonObject> EventsOf(string type, string bookingId) =>
        [.. Bus.SentEvents(type).Select(e => e.Event.DataObject()).Where(d => d["bookingId"]?.GetValue<string>() == bookingId)];

    [Fact]
    public async Task ConfirmRacingDecline_TwentyRounds_ExactlyOneWinsWithItsOneEvent()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var start = WeekdaySlot(32 + round);
            var (bookingId, _) = await RequestAsync(start);

            var results = await Race.AllAsync(2, i => i == 0 ? App.ConfirmAsync(bookingId) : App.DeclineAsync(bookingId, "race"));

            var confirmed = results[0].Status == HttpStatusCode.OK;
            var declined = results[1].Status == HttpStatusCode.OK;
            Assert.True(confirmed ^ declined, $"{results[0].Status} {results[0].Body} / {results[1].Status} {results[1].Body}");
            Assert.Contains("booking-not-pending", (confirmed ? results[1] : results[0]).Body, StringComparison.Ordinal);
            Assert.Equal(confirmed ? "confirmed" : "declined", (await App.BookingStateAsync(bookingId)).Text("status"));
            Assert.Equal(confirmed ? 1 : 0, EventsOf(LinkEventTypes.BookingConfirmed, bookingId).Count);
            Assert.Equal(declined ? 1 : 0, EventsOf(LinkEventTypes.BookingDeclined, bookingId).Count);
            Assert.Equal(confirmed ? 1 : 0, (await App.AgendaClaimsAsync()).Count(c => c.Key == bookingId));
        }

        Assert.Equal(Rounds, Bus.SentEvents(LinkEventTypes.BookingConfirmed).Count + Bus.SentEvents(LinkEventTypes.BookingDeclined).Count);
    }

    [Fact]
    public async Task DeclineRacingTheDeadlineSweep_TwentyRounds_DeclinedOnceWithTheWinnersReason()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var start = WeekdaySlot(32 + round);
            var (bookingId, _) = await RequestAsync(start);
            App.Time.Advance(TimeSpan.FromMinutes(61));

            var owner = App.DeclineAsync(bookingId, "owner");
            var sweep = App.SweepAsync();
            await Task.WhenAll(owner, sweep);
            using var answer = await owner;
            var body = await answer.Content.ReadAsStringAsync();

            var byOwner = answer.StatusCode == HttpStatusCode.OK;
            var bySweep = (await sweep).Declined == 1;
            Assert.True(byOwner ^ bySweep, $"{answer.StatusCode} {body} / sweep declined {(await sweep).Declined}");
            Assert.True(byOwner || body.Contains("booking-not-pending", StringComparison.Ordinal), body);
            var state = await App.BookingStateAsync(bookingId);
            Assert.Equal("declined", state.Text("status"));
            Assert.Equal(byOwner ? "owner" : "deadline", state.Text("declineReason"));
            var declined = Assert.Single(EventsOf(LinkEventTypes.BookingDeclined, bookingId));
            Assert.Equal(byOwner ? "owner" : "deadline", declined["reason"]!.GetValue<string>());
        }

        Assert.Empty(await App.AgendaClaimsAsync());
        Assert.Equal(Rounds, Bus.SentEvents(LinkEventTypes.BookingDeclined).Count);
    }

    [Fact]
    public async Task ReopenRacingRevoke_TwentyRounds_TheLinkEndsRevokedAndTheDeclineSaysWhetherItReopenedFirst()
    {
        for (var round = 0; round < Rounds; round++)
        {
            // A two-use link with one pending request: active, so the revoke and the reopen both write the link row.
            var start = WeekdaySlot(32 + round);
            var (bookingId, linkId) = await RequestAsync(start, new { maxUses = 2 });

            var results = await Race.AllAsync(2, i => i == 0 ? App.DeclineAsync(bookingId, reopenLink: true) : App.RevokeAsync(linkId));

            Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            var declined = Assert.Single(EventsOf(LinkEventTypes.BookingDeclined, bookingId));
            var reopened = declined["linkReopened"]!.GetValue<bool>();
            var link = await App.LinkStateAsync(linkId);
            Assert.Equal("revoked", link.Text("status"));
            Assert.Equal(reopened ? 0 : 1, link["uses"]!.GetValue<int>());
            Assert.Equal(reopened, (await App.BookingStateAsync(bookingId))["linkReopened"]!.GetValue<bool>());
            Assert.Single(Bus.SentEvents(LinkEventTypes.Revoked), e => e.Event.DataObject()["linkId"]!.GetValue<string>() == linkId);
            Assert.DoesNotContain(await App.AgendaClaimsAsync(), c => c.Key == bookingId);
        }
    }
}
