using OneTimeLinks.Tests.BookingChanges;

namespace OneTimeLinks.Tests.Approval;

/// <summary>
/// Issue 23, owner approval: a booking on a calendar that requires confirmation is a pending request that holds its
/// time and takes the link's use; the owner confirms or declines it, or the sweep declines it at its deadline.
/// </summary>
public sealed class ApprovalLifecycleTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Nine = FirstSlot;

    private protected override object? Calendar => ApprovalApi.ApprovalCalendar();

    private async Task<(JsonObject Booking, string LinkUrl, string LinkId)> RequestAsync(DateTimeOffset start, object? link = null)
    {
        var created = await App.GenerateLinkAsync(CalendarId, link);
        var url = created.Text("url");
        using var response = await App.BookJsonAsync(url, start);
        return (await response.AssertJsonAsync(HttpStatusCode.Created), url, created.Text("linkId"));
    }

    private int EventsOf(string type, string bookingId) =>
        Bus.SentEvents(type).Count(e => e.Event.Data!.ToString().Contains(bookingId, StringComparison.Ordinal));

    private static string IcsPath(string linkUrl, string bookingId) => Api.PathOf(linkUrl) + $"/bookings/{bookingId}/ics";

    [Fact]
    public async Task Book_CalendarRequiresConfirmation_PendingRequestHoldsTheTimeAndTakesTheUse()
    {
        var (booking, url, linkId) = await RequestAsync(Nine);
        var bookingId = booking.Text("bookingId");

        Assert.Equal("pending", booking.Text("status"));
        // Nine is an hour away, before the 24-hour deadline: the request's deadline is its start.
        Assert.Equal(Nine, Instant(booking["confirmBy"]));
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingRequested, bookingId));
        Assert.Empty(Bus.SentEvents(LinkEventTypes.Used));
        var requested = Bus.SentEvents(LinkEventTypes.BookingRequested).Single().Event.DataObject();
        Assert.StartsWith("https://book.example.test/api/m/", requested["manageUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("used", (await App.LinkStateAsync(linkId)).Text("status"));
        Assert.Equal("pending", (await App.BookingStateAsync(bookingId)).Text("status"));

        // The time is held: another link cannot take it.
        var other = await App.GenerateLinkUrlAsync();
        using var taken = await App.BookJsonAsync(other, Nine);
        await taken.AssertProblemAsync(HttpStatusCode.Conflict);

        // No calendar entry until the owner confirms.
        using var ics = await App.Public.GetAsync(IcsPath(url, bookingId));
        Assert.Equal(HttpStatusCode.NotFound, ics.StatusCode);
    }

    [Fact]
    public async Task Confirm_PendingRequest_ConfirmedWithOneEventAndTheIcs_ThenConfirmAndDeclineAre409()
    {
        var (booking, url, _) = await RequestAsync(Nine);
        var bookingId = booking.Text("bookingId");

        using var confirm = await App.ConfirmAsync(bookingId);
        var confirmed = await confirm.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.Text("status"));
        Assert.Equal(TestApp.DefaultNow, Instant(confirmed["confirmedAt"]));
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingConfirmed, bookingId));

        using var ics = await App.Public.GetAsync(IcsPath(url, bookingId));
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Contains("BEGIN:VEVENT", await ics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var again = await App.ConfirmAsync(bookingId);
        Assert.Equal("urn:onetimelinks:problem:booking-not-pending", (await again.AssertProblemAsync(HttpStatusCode.Conflict)).Text("type"));
        using var decline = await App.DeclineAsync(bookingId);
        await decline.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingConfirmed, bookingId));
        Assert.Equal(0, EventsOf(LinkEventTypes.BookingDeclined, bookingId));
        Assert.Single(await App.AgendaClaimsAsync(), c => c.Key == bookingId);
    }

    [Fact]
    public async Task Decline_WithoutReopen_FreesTheTimeAtOnce_TheLinkStaysUsed()
    {
        var (booking, url, linkId) = await RequestAsync(Nine);
        var bookingId = booking.Text("bookingId");

        using var decline = await App.DeclineAsync(bookingId, "Fully booked that week");
        var declined = await decline.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("declined", declined.Text("status"));
        Assert.Equal("Fully booked that week", declined.Text("declineReason"));
        Assert.False(declined["linkReopened"]!.GetValue<bool>());

        var data = Bus.SentEvents(LinkEventTypes.BookingDeclined).Single().Event.DataObject();
        Assert.Equal("Fully booked that week", data["reason"]!.GetValue<string>());
        Assert.False(data["linkReopened"]!.GetValue<bool>());
        Assert.DoesNotContain(await App.AgendaClaimsAsync(), c => c.Key == bookingId);
        Assert.Equal("used", (await App.LinkStateAsync(linkId)).Text("status"));
        using var rebook = await App.BookJsonAsync(url, Nine.AddHours(1));
        Assert.Equal("urn:onetimelinks:problem:link-used", (await rebook.AssertProblemAsync(HttpStatusCode.Gone)).Text("type"));

        // The time is free for anyone else at once.
        var other = await App.GenerateLinkUrlAsync();
        using var taken = await App.BookJsonAsync(other, Nine);
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);

        using var again = await App.DeclineAsync(bookingId);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        using var cancel = await App.ManageCancelAsync(booking.Text("manageUrl"));
        Assert.Equal("urn:onetimelinks:problem:booking-declined", (await cancel.AssertProblemAsync(HttpStatusCode.Conflict)).Text("type"));
        Assert.Single(Bus.SentEvents(LinkEventTypes.BookingDeclined));
    }

    [Fact]
    public async Task Decline_WithReopenLink_TheSameLinkBooksAnotherTime()
    {
        var expiresAt = TestApp.DefaultNow.AddDays(3);
        var (booking, url, linkId) = await RequestAsync(Nine, new { expiresAt = expiresAt.ToString("O") });
        var bookingId = booking.Text("bookingId");
        Assert.Equal("used", (await App.LinkStateAsync(linkId)).Text("status"));

        using var decline = await App.DeclineAsync(bookingId, reopenLink: true);
        Assert.True((await decline.AssertJsonAsync(HttpStatusCode.OK))["linkReopened"]!.GetValue<bool>());
        Assert.True(Bus.SentEvents(LinkEventTypes.BookingDeclined).Single().Event.DataObject()["linkReopened"]!.GetValue<bool>());
        var link = await App.LinkStateAsync(linkId);
        Assert.Equal("active", link.Text("status"));
        Assert.Equal(0, link["uses"]!.GetValue<int>());

        // The reopened link is whole again: its expiry row is back (the sweep expires it) and its purge row gone.
        var rows = (await App.RowsAsync()).Select(r => r.RowKey).ToList();
        Assert.Contains(rows, r => r.StartsWith("expiry|", StringComparison.Ordinal) && r.EndsWith("|" + linkId, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith("purge|", StringComparison.Ordinal) && r.EndsWith("|link|" + linkId, StringComparison.Ordinal));

        using var rebook = await App.BookJsonAsync(url, Nine.AddHours(2));
        var second = await rebook.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", second.Text("status"));
        Assert.Equal("used", (await App.LinkStateAsync(linkId)).Text("status"));
        Assert.Equal(2, Bus.SentEvents(LinkEventTypes.BookingRequested).Count);
    }

    [Fact]
    public async Task Decline_WithReopenLink_ExpiredOrRevokedLinkStaysDead()
    {
        // Past its expiry at the decline: the link ended used and stays so.
        var (expiring, _, expiringId) = await RequestAsync(Nine, new { expiresAt = TestApp.DefaultNow.AddMinutes(30).ToString("O") });
        // Revoked: a two-use link, revoked after its first booking.
        var (revoking, _, revokingId) = await RequestAsync(Nine.AddHours(1), new { maxUses = 2 });
        using (var revoke = await App.RevokeAsync(revokingId))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        App.Time.Advance(TimeSpan.FromHours(1));
        foreach (var (booking, linkId, status) in new[] { (expiring, expiringId, "used"), (revoking, revokingId, "revoked") })
        {
            using var decline = await App.DeclineAsync(booking.Text("bookingId"), reopenLink: true);
            var declined = await decline.AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal("declined", declined.Text("status"));
            Assert.False(declined["linkReopened"]!.GetValue<bool>());
            Assert.Equal(status, (await App.LinkStateAsync(linkId)).Text("status"));
        }

        Assert.Empty(await App.AgendaClaimsAsync());
    }

    [Fact]
    public async Task Deadline_TheSweepDeclinesAnUnansweredRequest_OnceWithReasonDeadline()
    {
        var (booking, _, _) = await RequestAsync(Nine.AddDays(2));
        var bookingId = booking.Text("bookingId");

        // A visit for the request's event hints its deadline; before the deadline nothing is declined.
        App.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await App.SweepAsync()).Declined);
        Assert.Equal("pending", (await App.BookingStateAsync(bookingId)).Text("status"));

        App.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, (await App.SweepAsync()).Declined);
        Assert.Equal(0, (await App.SweepAsync()).Declined);

        var state = await App.BookingStateAsync(bookingId);
        Assert.Equal("declined", state.Text("status"));
        Assert.Equal("deadline", state.Text("declineReason"));
        var data = Bus.SentEvents(LinkEventTypes.BookingDeclined).Single().Event.DataObject();
        Assert.Equal("deadline", data["reason"]!.GetValue<string>());
        Assert.Empty(await App.AgendaClaimsAsync());
        Assert.DoesNotContain(await App.RowsAsync(), r => r.RowKey.EndsWith("|" + bookingId, StringComparison.Ordinal) && r.RowKey.StartsWith("expiry|", StringComparison.Ordinal));

        using var confirm = await App.ConfirmAsync(bookingId);
        await confirm.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task InviteeCancel_PendingRequest_CanceledAndTheDeadlineNoLongerApplies()
    {
        var (booking, _, _) = await RequestAsync(Nine.AddDays(2));
        var bookingId = booking.Text("bookingId");

        using var cancel = await App.ManageCancelAsync(booking.Text("manageUrl"));
        Assert.Equal("canceled", (await cancel.AssertJsonAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Empty(await App.AgendaClaimsAsync());

        App.Time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(0, (await App.SweepAsync()).Declined);
        Assert.Empty(Bus.SentEvents(LinkEventTypes.BookingDeclined));
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingCanceled, bookingId));
        using var confirm = await App.ConfirmAsync(bookingId);
        await confirm.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reschedule_PendingRequest_StaysPendingAndCanStillBeConfirmed()
    {
        var (booking, _, _) = await RequestAsync(Nine);
        var bookingId = booking.Text("bookingId");

        using var move = await App.ManageRescheduleAsync(booking.Text("manageUrl"), Nine.AddHours(3));
        var moved = await move.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("pending", moved.Text("status"));
        Assert.Equal(Nine.AddHours(3), Instant(moved["start"]));

        using var confirm = await App.ConfirmAsync(bookingId);
        Assert.Equal("confirmed", (await confirm.AssertJsonAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Equal(Nine.AddHours(3), Assert.Single(await App.AgendaClaimsAsync()).Start);
    }

    [Fact]
    public async Task List_StatusFilter_PendingConfirmedDeclinedCanceled()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await RequestAsync(Nine.AddHours(i))).Booking.Text("bookingId"));
        }

        (await App.ConfirmAsync(ids[1])).Dispose();
        (await App.DeclineAsync(ids[2])).Dispose();
        (await App.CrmCancelAsync(ids[3])).Dispose();

        var window = $"from={Uri.EscapeDataString(Nine.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Nine.AddDays(1).ToString("O"))}";
        var expected = new Dictionary<string, string> { ["pending"] = ids[0], ["confirmed"] = ids[1], ["declined"] = ids[2], ["canceled"] = ids[3] };
        foreach (var (status, id) in expected)
        {
            using var response = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{window}&status={status}");
            var list = (await response.AssertJsonAsync(HttpStatusCode.OK))["bookings"]!.AsArray();
            Assert.Equal(id, Assert.Single(list)!["bookingId"]!.GetValue<string>());
        }

        using var bad = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{window}&status=approved");
        await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(169)]
    public async Task PutCalendar_DeadlineOutOfRange_422NamingTheField(int hours)
    {
        using var response = await App.Management.PutAsJsonAsync($"/api/calendars/{CalendarId}", ApprovalApi.ApprovalCalendar(hours));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("confirmationDeadlineHours", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutCalendar_RequiresConfirmation_ReturnedWithItsDeadline()
    {
        using var put = await App.Management.PutAsJsonAsync($"/api/calendars/{CalendarId}", ApprovalApi.ApprovalCalendar(48));
        Assert.True(put.IsSuccessStatusCode, put.StatusCode.ToString());
        var calendar = await put.ReadObjectAsync();
        Assert.True(calendar["requiresConfirmation"]!.GetValue<bool>());
        Assert.Equal(48, calendar["confirmationDeadlineHours"]!.GetValue<int>());
    }
}
