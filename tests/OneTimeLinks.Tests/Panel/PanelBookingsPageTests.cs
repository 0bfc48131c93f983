using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.BookingChanges;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24, the panel's bookings: the requests waiting for the owner and the next 14 days, confirm, decline and cancel
/// as plain forms through the same Core services as the CRM's routes, each naming the session's actor.
/// </summary>
public sealed class PanelBookingsPageTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(1);

    // Now is Monday 7 December 2026, 08:00 in Berlin: the 14th date is Sunday the 20th.
    private static readonly DateTimeOffset WindowEnd = new(2026, 12, 21, 0, 0, 0, Berlin);

    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, Berlin);

    private protected override object? Calendar => PanelBookingsTestHelpers.AllDayApprovalCalendar();

    private string _panel = "";

    private async Task<string> PanelAsync() =>
        _panel = _panel.Length > 0 ? _panel : await App.MintPanelPathAsync(new { actor = new { id = "user-7", name = "Dana Owner" } });

    private string ExpectedActor => new JsonObject { ["type"] = "panel", ["id"] = _panel.Split('.')[1], ["name"] = "Dana Owner" }.ToJsonString();

    private Task<(string BookingId, string LinkId)> RequestAsync(DateTimeOffset start, string? note = null, string? message = null) =>
        App.RequestThroughNewLinkAsync(start, note, message);

    private async Task<string> OpenAsync(string relative)
    {
        var (response, html) = await App.Browser().GetPageAsync(await PanelAsync() + relative);
        AssertHtml(response, HttpStatusCode.OK, html, relative);
        AssertPageHeaders(response, relative);
        return html;
    }

    /// <summary>A form token of this session, from the bookings page's forms (it has one while a request waits).</summary>
    private async Task<string> FormTokenAsync() => PanelTestHelpers.FormTokenOf(await OpenAsync("/bookings"));

    private async Task<(HttpResponseMessage Response, string Html)> PostAsync(string relative, string formToken, params (string Name, string Value)[] fields) =>
        await App.Browser().PostPanelFormAsync(
            await PanelAsync() + relative, [new("formToken", formToken), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private int EventsOf(string type) => Bus.SentEvents(type).Count;

    [Fact]
    public async Task GetBookings_PendingAndTheNextFourteenDays_TimeInTheNamedZoneInviteeStatusAndNoteButNeverTheMessage()
    {
        var (pending, _) = await RequestAsync(Nine, note: "Jane, the roof repair", message: "my private question");
        var (confirmed, _) = await RequestAsync(Nine.AddHours(1));
        var (last, _) = await RequestAsync(WindowEnd.AddMinutes(-30));
        var (beyond, _) = await RequestAsync(WindowEnd);
        var (started, _) = await RequestAsync(Nine.AddMinutes(-30));
        var (canceled, _) = await RequestAsync(Nine.AddHours(2));
        (await App.ConfirmAsync(confirmed)).Dispose();
        (await App.ConfirmAsync(started)).Dispose();
        (await App.ConfirmAsync(canceled)).Dispose();
        (await App.CrmCancelAsync(canceled)).Dispose();
        App.Time.Advance(TimeSpan.FromMinutes(31));

        var html = await OpenAsync("/bookings");

        Assert.Equal([pending, last, beyond], BookingIdsIn(html, "pending"));
        Assert.Equal([pending, confirmed, last], BookingIdsIn(html, "upcoming"));
        Assert.Contains("Europe/Berlin", html, StringComparison.Ordinal);
        // 08:00 UTC is shown as 09:00, Berlin's wall clock.
        Assert.Matches("<time datetime=\"2026-12-07T08:00:00Z\">[^<]*09:00[^<]*</time>", html);
        Assert.Contains("Jane, the roof repair", html, StringComparison.Ordinal);
        Assert.Contains("jane@example.com", html, StringComparison.Ordinal);
        Assert.Contains(">Pending<", html, StringComparison.Ordinal);
        Assert.Contains(">Confirmed<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("my private question", html, StringComparison.Ordinal);
        Assert.DoesNotContain(started, html, StringComparison.Ordinal);
        Assert.DoesNotContain(canceled, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_PendingRequest_ConfirmedOnceAsThePanelActorThen409PageForTheSecondTry()
    {
        var (bookingId, _) = await RequestAsync(Nine);
        var formToken = await FormTokenAsync();

        var (response, _) = await PostAsync($"/bookings/{bookingId}/confirm", formToken);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        AssertPageHeaders(response, "303 after confirm");
        Assert.Equal(_panel + "/bookings?done=confirmed", response.Headers.Location!.OriginalString);
        Assert.Equal("confirmed", (await App.BookingStateAsync(bookingId)).Text("status"));
        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.BookingConfirmed)).Event.DataObject();
        Assert.Equal(ExpectedActor, data["actor"]!.ToJsonString());
        var after = await OpenAsync("/bookings?done=confirmed");
        Assert.Contains("The booking is confirmed.", after, StringComparison.Ordinal);

        var (again, html) = await PostAsync($"/bookings/{bookingId}/confirm", formToken);
        AssertHtml(again, HttpStatusCode.Conflict, html, "second confirm");
        Assert.Contains("nothing was changed", html, StringComparison.Ordinal);
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingConfirmed));
    }

    [Fact]
    public async Task Decline_WithReasonAndReopenLink_DeclinedTheLinkReopenedAndTheEventNamesTheActor()
    {
        var (bookingId, linkId) = await RequestAsync(Nine);
        var formToken = await FormTokenAsync();

        var (response, _) = await PostAsync($"/bookings/{bookingId}/decline", formToken, ("reason", "Away that week"), ("reopenLink", "true"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(_panel + "/bookings?done=declined", response.Headers.Location!.OriginalString);
        Assert.Equal("declined", (await App.BookingStateAsync(bookingId)).Text("status"));
        Assert.Equal("active", (await App.LinkStateAsync(linkId)).Text("status"));
        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.BookingDeclined)).Event.DataObject();
        Assert.Equal("Away that week", data["reason"]!.GetValue<string>());
        Assert.True(data["linkReopened"]!.GetValue<bool>());
        Assert.Equal(ExpectedActor, data["actor"]!.ToJsonString());
    }

    [Fact]
    public async Task Cancel_ConfirmedBookingAfterTheConfirmationStep_CanceledWithReasonThen409PageForTheSecondTry()
    {
        var (bookingId, _) = await RequestAsync(Nine);
        (await App.ConfirmAsync(bookingId)).Dispose();
        var cancelPath = $"/bookings/{bookingId}/cancel";
        Assert.Contains(cancelPath, await OpenAsync("/bookings"), StringComparison.Ordinal);
        var confirmPage = await OpenAsync(cancelPath);
        var formToken = PanelTestHelpers.FormTokenOf(confirmPage);
        Assert.Contains("Cancel this booking?", confirmPage, StringComparison.Ordinal);

        var (response, _) = await PostAsync(cancelPath, formToken, ("reason", "Doctor is ill"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(_panel + "/bookings?done=canceled", response.Headers.Location!.OriginalString);
        Assert.Equal("canceled", (await App.BookingStateAsync(bookingId)).Text("status"));
        Assert.Equal(0, await App.CountBookingClaimsAsync());
        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.BookingCanceled)).Event.DataObject();
        Assert.Equal(("organizer", "Doctor is ill"), (data["canceledBy"]!.GetValue<string>(), data["reason"]!.GetValue<string>()));
        Assert.Equal(ExpectedActor, data["actor"]!.ToJsonString());

        var (again, html) = await PostAsync($"/bookings/{bookingId}/cancel", formToken);
        AssertHtml(again, HttpStatusCode.Conflict, html, "second cancel");
        var (page, pageHtml) = await App.Browser().GetPageAsync(_panel + $"/bookings/{bookingId}/cancel");
        AssertHtml(page, HttpStatusCode.Conflict, pageHtml, "cancel page of a canceled booking");
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingCanceled));
    }

    public static TheoryData<string, string?, string?> Refusals => new()
    {
        { "no form token", null, PanelTestHelpers.PanelOrigin },
        { "a made-up form token", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", PanelTestHelpers.PanelOrigin },
        { "no Origin", "page", null },
        { "another site's Origin", "page", "https://evil.example" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ConfirmDeclineCancel_WithoutTheFormTokenOrTheOwnOrigin_Are403AndWriteNothing(string what, string? token, string? origin)
    {
        var (pending, _) = await RequestAsync(Nine);
        var (confirmed, _) = await RequestAsync(Nine.AddHours(1));
        (await App.ConfirmAsync(confirmed)).Dispose();
        var formToken = await FormTokenAsync();
        List<KeyValuePair<string, string>> fields = token switch
        {
            null => [],
            "page" => [new("formToken", formToken)],
            _ => [new("formToken", token)],
        };

        foreach (var action in new[] { $"/bookings/{pending}/confirm", $"/bookings/{pending}/decline", $"/bookings/{confirmed}/cancel" })
        {
            var (response, html) = await App.Browser().PostPanelFormAsync(_panel + action, fields, origin);
            AssertHtml(response, HttpStatusCode.Forbidden, html, what + " " + action);
        }

        Assert.Equal("pending", (await App.BookingStateAsync(pending)).Text("status"));
        Assert.Equal("confirmed", (await App.BookingStateAsync(confirmed)).Text("status"));
        Assert.Equal(1, EventsOf(LinkEventTypes.BookingConfirmed));
        Assert.Equal(0, EventsOf(LinkEventTypes.BookingDeclined) + EventsOf(LinkEventTypes.BookingCanceled));
    }

    public static TheoryData<string> HostileBookingIds =>
    [
        "not-a-booking", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Flinks", new string('a', 300), "00000000000000000000000000000000",
    ];

    [Theory]
    [MemberData(nameof(HostileBookingIds))]
    public async Task ConfirmAndCancelPage_UnknownOrHostileBookingId_404PageAndNothingWritten(string bookingId)
    {
        var (waiting, _) = await RequestAsync(Nine);
        var formToken = await FormTokenAsync();

        var (confirm, html) = await PostAsync($"/bookings/{bookingId}/confirm", formToken);
        var (page, pageHtml) = await App.Browser().GetPageAsync(_panel + $"/bookings/{bookingId}/cancel");

        AssertHtml(confirm, HttpStatusCode.NotFound, html, "confirm " + bookingId);
        AssertHtml(page, HttpStatusCode.NotFound, pageHtml, "cancel page " + bookingId);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal(0, EventsOf(LinkEventTypes.BookingConfirmed));
        Assert.Equal("pending", (await App.BookingStateAsync(waiting)).Text("status"));
    }

    [Fact]
    public async Task Confirm_AnotherCalendarsBooking_404PageAndItStaysPending()
    {
        await App.CreateCalendarAsync("other-calendar", PanelBookingsTestHelpers.AllDayApprovalCalendar());
        var created = await App.GenerateLinkAsync("other-calendar");
        using var booked = await App.BookJsonAsync(created.Text("url"), Nine);
        var foreign = (await booked.AssertJsonAsync(HttpStatusCode.Created)).Text("bookingId");
        await RequestAsync(Nine);
        var formToken = await FormTokenAsync();

        var (response, html) = await PostAsync($"/bookings/{foreign}/confirm", formToken);

        AssertHtml(response, HttpStatusCode.NotFound, html, "another calendar's booking");
        using var state = await App.Management.GetAsync($"/api/calendars/other-calendar/bookings/{foreign}");
        Assert.Equal("pending", (await state.AssertJsonAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Equal(0, EventsOf(LinkEventTypes.BookingConfirmed));
    }

    [Fact]
    public async Task DeclineAndCancel_ReasonTooLongOrRepeatedFields_422PageOrFieldIgnored_NothingLost()
    {
        var (pending, _) = await RequestAsync(Nine);
        var (confirmed, _) = await RequestAsync(Nine.AddHours(1));
        (await App.ConfirmAsync(confirmed)).Dispose();
        var formToken = await FormTokenAsync();

        var (decline, declineHtml) = await PostAsync($"/bookings/{pending}/decline", formToken, ("reason", new string('x', 501)));
        var (cancel, cancelHtml) = await PostAsync($"/bookings/{confirmed}/cancel", formToken, ("reason", new string('x', 501)));

        AssertHtml(decline, HttpStatusCode.UnprocessableEntity, declineHtml, "decline reason too long");
        AssertHtml(cancel, HttpStatusCode.UnprocessableEntity, cancelHtml, "cancel reason too long");
        Assert.Contains("at most 500 characters", declineHtml, StringComparison.Ordinal);
        Assert.Equal("pending", (await App.BookingStateAsync(pending)).Text("status"));
        Assert.Equal("confirmed", (await App.BookingStateAsync(confirmed)).Text("status"));

        // A field sent twice counts as absent: the decline goes through without a reason and without reopening.
        var (repeated, _) = await PostAsync($"/bookings/{pending}/decline", formToken, ("reason", "a"), ("reason", "b"), ("return", "https://evil.example/"));
        Assert.Equal(HttpStatusCode.SeeOther, repeated.StatusCode);
        Assert.Equal(_panel + "/bookings?done=declined", repeated.Headers.Location!.OriginalString);
        Assert.False(Bus.SentEvents(LinkEventTypes.BookingDeclined).Single().Event.DataObject().ContainsKey("reason"));
    }

    private static List<string> BookingIdsIn(string html, string section) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, $"id=\"{section}-([0-9a-f]{{32}})\"").Select(m => m.Groups[1].Value)];
}
