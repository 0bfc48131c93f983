using Azure.Data.Tables;
using OneTimeLinks.Tests.Availability;

namespace OneTimeLinks.Tests.BookingChanges;

/// <summary>
/// After the booking, through HTTP against the runner and Azurite: the CRM and the invitee read, cancel and move it;
/// every committed change frees and claims time at once and publishes exactly one event.
/// </summary>
public sealed class BookingChangeApiTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Nine = FirstSlot;

    [Fact]
    public async Task CrmCancel_ConfirmedBooking_FreesTheTimeAtOnceKeepsTheLinkUsedAndRepeatingChangesNothing()
    {
        var (booking, linkUrl) = await App.BookNewLinkAsync(Nine);
        var bookingId = booking["bookingId"]!.GetValue<string>();

        using var canceled = await App.CrmCancelAsync(bookingId, "Doctor is ill");
        var body = await canceled.AssertJsonAsync(HttpStatusCode.OK);
        using var again = await App.CrmCancelAsync(bookingId, "Doctor is ill");
        await again.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(("canceled", "organizer", "Doctor is ill"), (body["status"]!.GetValue<string>(), body["canceledBy"]!.GetValue<string>(), body["cancelReason"]!.GetValue<string>()));
        Assert.Equal(0, await App.CountBookingClaimsAsync());
        Assert.Contains(Nine, await App.OfferedAsync((await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>()));
        using (var reopened = await App.OpenAsync(linkUrl))
        {
            Assert.Equal("used", (await reopened.AssertProblemAsync(HttpStatusCode.Gone))["linkStatus"]!.GetValue<string>());
        }

        var (_, cloudEvent) = Assert.Single(Bus.SentEvents(LinkEventTypes.BookingCanceled));
        var data = cloudEvent.DataObject();
        Assert.Equal((bookingId, "organizer", "Doctor is ill"), (data["bookingId"]!.GetValue<string>(), data["canceledBy"]!.GetValue<string>(), data["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CrmReschedule_ToAFreeTime_MovesItInOneChangeWithHistoryAndOneEvent()
    {
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        var bookingId = booking["bookingId"]!.GetValue<string>();

        using var moved = await App.CrmRescheduleAsync(bookingId, Nine.AddHours(2));
        var body = await moved.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(Nine.AddHours(2), Instant(body["start"]));
        Assert.Equal(Nine.AddHours(2).AddMinutes(30), Instant(body["end"]));
        var step = Assert.Single(body["history"]!.AsArray())!;
        Assert.Equal((Nine, "organizer"), (Instant(step["previousStart"]), step["by"]!.GetValue<string>()));
        var claim = Assert.Single(await App.AgendaClaimsAsync());
        Assert.Equal((bookingId, Nine.AddHours(2)), (claim.Key, claim.Start));
        var offered = await App.OfferedAsync((await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>());
        Assert.Contains(Nine, offered);
        Assert.DoesNotContain(Nine.AddHours(2), offered);
        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.BookingRescheduled)).Event.DataObject();
        Assert.Equal((Nine, Nine.AddHours(2), "organizer"), (Instant(data["previousStart"]), Instant(data["start"]), data["rescheduledBy"]!.GetValue<string>()));
        Assert.Equal(1, await App.CountRowsAsync("bookingat|"));
    }

    [Fact]
    public async Task CrmReschedule_OntoAnotherBookingOrBusyTimeOrACanceledBooking_409AndNothingChanges()
    {
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        var (other, _) = await App.BookNewLinkAsync(Nine.AddHours(1));
        (await App.PutBusyAsync("phone", Nine.AddHours(3), Nine.AddHours(4))).Dispose();
        var bookingId = booking["bookingId"]!.GetValue<string>();
        var before = await RowsAsync();

        using var ontoBooking = await App.CrmRescheduleAsync(bookingId, Nine.AddHours(1));
        using var ontoBusy = await App.CrmRescheduleAsync(bookingId, Nine.AddHours(3).AddMinutes(30));
        using var offGrid = await App.CrmRescheduleAsync(bookingId, Nine.AddMinutes(10));

        Assert.Equal("urn:onetimelinks:problem:time-not-free", (await ontoBooking.AssertProblemAsync(HttpStatusCode.Conflict))["type"]!.GetValue<string>());
        await ontoBusy.AssertProblemAsync(HttpStatusCode.Conflict);
        await offGrid.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await RowsAsync());

        (await App.CrmCancelAsync(other["bookingId"]!.GetValue<string>())).Dispose();
        using var canceledMove = await App.CrmRescheduleAsync(other["bookingId"]!.GetValue<string>(), Nine.AddHours(5));
        Assert.Equal("urn:onetimelinks:problem:booking-canceled", (await canceledMove.AssertProblemAsync(HttpStatusCode.Conflict))["type"]!.GetValue<string>());
        Assert.Empty(Bus.SentEvents(LinkEventTypes.BookingRescheduled));
    }

    [Fact]
    public async Task CrmReschedule_IntoTheMinimumNotice_IsTheOwnersCallAndAllowed()
    {
        await App.CreateCalendarAsync(CalendarId, new
        {
            name = "Dr. Smith", timeZone = "Europe/Berlin", slotMinutes = 30, minimumNoticeMinutes = 24 * 60, horizonDays = 30,
            availability = new Dictionary<string, object[]> { ["monday"] = [new { start = "09:00", end = "17:00" }], ["tuesday"] = [new { start = "09:00", end = "17:00" }] },
        });
        var (booking, _) = await App.BookNewLinkAsync(Nine.AddDays(1));

        using var moved = await App.CrmRescheduleAsync(booking["bookingId"]!.GetValue<string>(), Nine);

        Assert.Equal(Nine, Instant((await moved.AssertJsonAsync(HttpStatusCode.OK))["start"]));
    }

    [Fact]
    public async Task Reschedule_AfterTheCalendarsSlotLengthChanged_KeepsTheBookingsOwnLength()
    {
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        await App.CreateCalendarAsync(CalendarId, Availability.BusyApiTests.CalendarWith(slotMinutes: 60));

        using var moved = await App.CrmRescheduleAsync(booking["bookingId"]!.GetValue<string>(), Nine.AddHours(2));
        using var invitee = await App.ManageRescheduleAsync(booking["manageUrl"]!.GetValue<string>(), Nine.AddHours(4));

        Assert.Equal(Nine.AddHours(2).AddMinutes(30), Instant((await moved.AssertJsonAsync(HttpStatusCode.OK))["end"]));
        var body = await invitee.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((Nine.AddHours(4), Nine.AddHours(4).AddMinutes(30)), (Instant(body["start"]), Instant(body["end"])));
    }

    [Fact]
    public async Task CrmListAndGet_ShowBookingsByStartWithStatusFilterAndPaging()
    {
        var first = (await App.BookNewLinkAsync(Nine.AddHours(2))).Booking["bookingId"]!.GetValue<string>();
        var second = (await App.BookNewLinkAsync(Nine)).Booking["bookingId"]!.GetValue<string>();
        var third = (await App.BookNewLinkAsync(Nine.AddDays(1))).Booking["bookingId"]!.GetValue<string>();
        (await App.CrmCancelAsync(first, "moved away")).Dispose();
        var window = $"from={Uri.EscapeDataString(BusyApi.Iso(Nine.AddHours(-9)))}&to={Uri.EscapeDataString(BusyApi.Iso(Nine.AddDays(2)))}";

        using var page1 = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{window}&pageSize=2");
        var body1 = await page1.AssertJsonAsync(HttpStatusCode.OK);
        using var page2 = await App.Management.GetAsync(
            $"/api/calendars/{CalendarId}/bookings?{window}&pageSize=2&continuation={body1["continuation"]!.GetValue<string>()}");
        using var confirmed = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{window}&status=confirmed");
        using var one = await App.CrmGetAsync(first);

        var ids = body1["bookings"]!.AsArray().Concat((await page2.AssertJsonAsync(HttpStatusCode.OK))["bookings"]!.AsArray())
            .Select(b => b!["bookingId"]!.GetValue<string>());
        Assert.Equal([second, first, third], ids);
        Assert.Equal([second, third], (await confirmed.AssertJsonAsync(HttpStatusCode.OK))["bookings"]!.AsArray().Select(b => b!["bookingId"]!.GetValue<string>()));
        var details = await one.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("canceled", "moved away"), (details["status"]!.GetValue<string>(), details["cancelReason"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(details["linkId"]!.GetValue<string>()));
    }

    public static TheoryData<string, string, string, int> BadInput => new()
    {
        // method, path after /api/calendars/dr-smith, JSON body, status
        { "POST", "/bookings/0123456789abcdef0123456789abcdef/cancel", "{}", 404 },
        { "POST", "/bookings/not-an-id/cancel", "{}", 404 },
        { "GET", "/bookings/0123456789abcdef0123456789abcdef", "", 404 },
        { "POST", "/bookings/{id}/reschedule", """{"start":"tomorrow"}""", 422 },
        { "POST", "/bookings/{id}/reschedule", """{"start":"2026-12-07T12:00:00"}""", 422 },
        { "POST", "/bookings/{id}/reschedule", "{}", 422 },
        { "POST", "/bookings/{id}/reschedule", """{"start":12}""", 400 },
        { "POST", "/bookings/{id}/cancel", "{\"reason\":\"" + new string('r', 501) + "\"}", 422 },
        { "GET", "/bookings?from=2026-12-07T00:00:00Z&to=2028-01-01T00:00:00Z", "", 422 },
        { "GET", "/bookings?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z&status=approved", "", 422 },
        { "GET", "/bookings?from=2026-12-07T00:00:00Z", "", 422 },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task CrmRoutes_BadInput_ClearProblemAndNothingChanges(string method, string path, string body, int status)
    {
        var bookingId = (await App.BookNewLinkAsync(Nine)).Booking["bookingId"]!.GetValue<string>();
        var before = await RowsAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/calendars/{CalendarId}{path.Replace("{id}", bookingId, StringComparison.Ordinal)}")
        {
            Content = body.Length == 0 ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await App.Management.SendAsync(request);

        await response.AssertProblemAsync((HttpStatusCode)status);
        Assert.Equal(before, await RowsAsync());
    }

    [Theory]
    [InlineData("GET", "/bookings?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z")]
    [InlineData("GET", "/bookings/0123456789abcdef0123456789abcdef")]
    [InlineData("POST", "/bookings/0123456789abcdef0123456789abcdef/cancel")]
    [InlineData("POST", "/bookings/0123456789abcdef0123456789abcdef/reschedule")]
    public async Task CrmRoutes_WithoutTheFunctionKey_401(string method, string path)
    {
        using var response = await App.Public.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/calendars/{CalendarId}{path}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Book_Answer_CarriesAManageUrlWhoseTokenIsStoredOnlyAsAHashAndTheUsedEventCarriesItToo()
    {
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        var manageUrl = booking["manageUrl"]!.GetValue<string>();
        var secret = manageUrl[(manageUrl.LastIndexOf('.') + 1)..];

        Assert.StartsWith("https://book.example.test/api/m/dr-smith." + booking["bookingId"]!.GetValue<string>() + ".", manageUrl, StringComparison.Ordinal);
        await foreach (var row in App.Table.QueryAsync<TableEntity>())
        {
            Assert.All(row, property => Assert.DoesNotContain(secret, property.Value?.ToString() ?? "", StringComparison.Ordinal));
        }

        Assert.Equal(manageUrl, Assert.Single(Bus.SentEvents(LinkEventTypes.Used)).Event.DataObject()["manageUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task ManageGet_OpenedAnyNumberOfTimes_ChangesNothingAndOffersOtherTimes()
    {
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        var manageUrl = booking["manageUrl"]!.GetValue<string>();
        var before = await RowsAsync();

        JsonObject body = null!;
        for (var i = 0; i < 3; i++)
        {
            using var response = await App.ManageGetAsync(manageUrl);
            body = await response.AssertJsonAsync(HttpStatusCode.OK);
        }

        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, Infrastructure.Api.PathOf(manageUrl));
        pageRequest.Headers.Accept.ParseAdd("text/html");
        using var page = await App.Public.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());
        Assert.True(body["canChange"]!.GetValue<bool>());
        var slots = body["slots"]!.AsArray().Select(s => Instant(s!["start"])).ToList();
        Assert.DoesNotContain(Nine, slots);
        Assert.Contains(Nine.AddMinutes(30), slots);
        Assert.Equal("confirmed", body["booking"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ManageReschedule_ThenCancelWithKeys_ChangeOnceEachAndReplaysConverge()
    {
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        var manageUrl = booking["manageUrl"]!.GetValue<string>();

        using var moved = await App.ManageRescheduleAsync(manageUrl, Nine.AddHours(1), "move-key-0001");
        using var movedAgain = await App.ManageRescheduleAsync(manageUrl, Nine.AddHours(1), "move-key-0001");
        using var reused = await App.ManageRescheduleAsync(manageUrl, Nine.AddHours(2), "move-key-0001");
        using var canceled = await App.ManageCancelAsync(manageUrl, "cancel-key-01");
        using var canceledAgain = await App.ManageCancelAsync(manageUrl, "cancel-key-01");

        Assert.Equal(Nine.AddHours(1), Instant((await moved.AssertJsonAsync(HttpStatusCode.OK))["start"]));
        Assert.Equal(Nine.AddHours(1), Instant((await movedAgain.AssertJsonAsync(HttpStatusCode.OK))["start"]));
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var body = await canceled.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("canceled", "invitee"), (body["status"]!.GetValue<string>(), body["canceledBy"]!.GetValue<string>()));
        await canceledAgain.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Single(Bus.SentEvents(LinkEventTypes.BookingRescheduled));
        Assert.Single(Bus.SentEvents(LinkEventTypes.BookingCanceled));
        Assert.Empty(await App.AgendaClaimsAsync());

        using var view = await App.ManageGetAsync(manageUrl);
        var after = await view.AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(after["canChange"]!.GetValue<bool>());
        Assert.Empty(after["slots"]!.AsArray());
    }

    [Fact]
    public async Task ManageChanges_PastTheChangeNotice_409WithTheContactMessageAndTheOrganiserCanStill()
    {
        await App.CreateCalendarAsync(CalendarId, new
        {
            name = "Dr. Smith", timeZone = "Europe/Berlin", slotMinutes = 30, changeNoticeMinutes = 24 * 60, horizonDays = 30,
            contactMessage = "Call +49 30 1234567.",
            availability = new Dictionary<string, object[]> { ["monday"] = [new { start = "09:00", end = "17:00" }] },
        });
        var (booking, _) = await App.BookNewLinkAsync(Nine);
        var manageUrl = booking["manageUrl"]!.GetValue<string>();

        using var cancel = await App.ManageCancelAsync(manageUrl);
        using var move = await App.ManageRescheduleAsync(manageUrl, Nine.AddHours(1));
        using var view = await App.ManageGetAsync(manageUrl);
        using var crm = await App.CrmCancelAsync(booking["bookingId"]!.GetValue<string>());

        var problem = await cancel.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(("urn:onetimelinks:problem:change-too-late", "Call +49 30 1234567."), (problem["type"]!.GetValue<string>(), problem["contactMessage"]!.GetValue<string>()));
        await move.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await view.AssertJsonAsync(HttpStatusCode.OK))["canChange"]!.GetValue<bool>());
        Assert.Equal("canceled", (await crm.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dr-smith.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("dr-smith.0123456789abcdef0123456789abcdef")]
    public async Task ManageRoutes_UnknownOrMalformedToken_AnswerTheSame404(string token)
    {
        (await App.BookNewLinkAsync(Nine)).Booking.ToString();

        using var get = await App.ManageGetAsync("https://x.test/api/m/" + token);
        using var cancel = await App.ManageCancelAsync("https://x.test/api/m/" + token);

        var a = await get.AssertProblemAsync(HttpStatusCode.NotFound);
        var b = await cancel.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(a["detail"]!.GetValue<string>(), b["detail"]!.GetValue<string>());
        Assert.Equal(1, await App.CountBookingClaimsAsync());
    }

    [Fact]
    public async Task ManageUrl_OfAnotherBookingsSecret_IsRefused()
    {
        var (first, _) = await App.BookNewLinkAsync(Nine);
        var (second, _) = await App.BookNewLinkAsync(Nine.AddHours(1));
        var firstUrl = first["manageUrl"]!.GetValue<string>();
        var secondSecret = second["manageUrl"]!.GetValue<string>().Split('.')[^1];
        var forged = firstUrl[..(firstUrl.LastIndexOf('.') + 1)] + secondSecret;

        using var cancel = await App.ManageCancelAsync(forged);

        await cancel.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, await App.CountBookingClaimsAsync());
    }

    private async Task<List<string>> RowsAsync()
    {
        var rows = new List<string>();
        await foreach (var row in App.Table.QueryAsync<TableEntity>())
        {
            if (!row.PartitionKey.StartsWith("due", StringComparison.Ordinal))
            {
                rows.Add($"{row.PartitionKey} {row.RowKey} {row.ETag}");
            }
        }

        return rows;
    }
}
