namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// Busy time pushed by the CRM, through HTTP against the runner and Azurite: what is stored, what the links then offer
/// and accept, and how overlapping bookings are reported. The default calendar offers 30-minute slots from 09:00 Berlin.
/// </summary>
public sealed class BusyApiTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override bool CapturesServiceBus => false;

    private static readonly DateTimeOffset Nine = FirstSlot;

    [Fact]
    public async Task PutBusy_NewThenTheSameAgain_201Then200AndOneIntervalThatTheLinkNoLongerOffers()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        Assert.Contains(Nine.AddMinutes(30), await App.OfferedAsync(url));

        using var created = await App.PutBusyAsync("crm/appt#1", Nine.AddMinutes(30), Nine.AddMinutes(90), "Phone booking");
        var body = await created.AssertJsonAsync(HttpStatusCode.Created);
        using var again = await App.PutBusyAsync("crm/appt#1", Nine.AddMinutes(30), Nine.AddMinutes(90), "Phone booking");
        await again.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("crm/appt#1", body["id"]!.GetValue<string>());
        Assert.Equal("Phone booking", body["title"]!.GetValue<string>());
        Assert.Empty(body["conflicts"]!.AsArray());
        Assert.Equal(1, await App.CountRowsAsync("busy|"));
        var offered = await App.OfferedAsync(url);
        Assert.Contains(Nine, offered);
        Assert.DoesNotContain(Nine.AddMinutes(30), offered);
        Assert.DoesNotContain(Nine.AddMinutes(60), offered);
        Assert.Contains(Nine.AddMinutes(90), offered);
        using var book = await App.BookJsonAsync(url, Nine.AddMinutes(60));
        await book.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PutBusy_MovedToAnotherTime_FreesTheOldTimeAndTakesTheNewOne()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        (await App.PutBusyAsync("appt-1", Nine, Nine.AddMinutes(30))).Dispose();

        using var moved = await App.PutBusyAsync("appt-1", Nine.AddDays(1), Nine.AddDays(1).AddMinutes(30));

        await moved.AssertJsonAsync(HttpStatusCode.OK);
        var offered = await App.OfferedAsync(url);
        Assert.Contains(Nine, offered);
        Assert.DoesNotContain(Nine.AddDays(1), offered);
        Assert.Equal(1, await App.CountRowsAsync("busy|"));
        Assert.Equal(1, await App.CountRowsAsync("busyat|"));
        Assert.Single(await App.AgendaClaimsAsync());
    }

    [Fact]
    public async Task PutBusy_ThirtyOneDaysMovedThirtyOneDaysOn_MovesWholeThoughItTakesTwoTransactions()
    {
        // 32 old dates + 32 new dates with their purge rows: more than the 100 actions of one transaction.
        (await App.PutBusyAsync("holiday", Nine, Nine.AddDays(31))).Dispose();

        using var moved = await App.PutBusyAsync("holiday", Nine.AddDays(40), Nine.AddDays(71));

        await moved.AssertJsonAsync(HttpStatusCode.OK);
        var claim = Assert.Single(await App.AgendaClaimsAsync());
        Assert.Equal((Nine.AddDays(40), Nine.AddDays(71)), (claim.Start, claim.End));
        Assert.Equal(1, await App.CountRowsAsync("busy|"));
        Assert.Equal(1, await App.CountRowsAsync("busyat|"));
        Assert.Equal(64, await App.CountRowsAsync("agenda|")); // 32 new dates, and the 32 old ones, emptied, until the sweep purges them
    }

    [Fact]
    public async Task PutBusy_OverABookingMadeThroughALink_StoresItAndListsTheBookingAsAConflict()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        using var book = await App.BookJsonAsync(url, Nine);
        var booking = await book.AssertJsonAsync(HttpStatusCode.Created);

        using var busy = await App.PutBusyAsync("double-booked", Nine.AddMinutes(15), Nine.AddMinutes(45));

        var body = await busy.AssertJsonAsync(HttpStatusCode.Created);
        var conflict = Assert.Single(body["conflicts"]!.AsArray())!;
        Assert.Equal(booking["bookingId"]!.GetValue<string>(), conflict["bookingId"]!.GetValue<string>());
        Assert.Equal(Nine, Instant(conflict["start"]));
        Assert.Equal(Nine.AddMinutes(30), Instant(conflict["end"]));
        Assert.Equal(1, await App.CountRowsAsync("busy|"));
    }

    [Fact]
    public async Task DeleteBusy_ExistingThenMissing_204BothTimesAndTheTimeIsOfferedAgain()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        (await App.PutBusyAsync("appt-1", Nine, Nine.AddHours(8))).Dispose();
        Assert.DoesNotContain(Nine, await App.OfferedAsync(url));

        using var deleted = await App.DeleteBusyAsync("appt-1");
        using var again = await App.DeleteBusyAsync("appt-1");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Contains(Nine, await App.OfferedAsync(url));
        Assert.Equal(0, await App.CountRowsAsync("busy"));
        Assert.Empty(await App.AgendaClaimsAsync());
    }

    [Fact]
    public async Task ListBusy_Window_ReturnsWhatOverlapsItByStartInPages()
    {
        (await App.PutBusyAsync("before", Nine.AddDays(-3), Nine.AddDays(-2))).Dispose();
        (await App.PutBusyAsync("spanning", Nine.AddDays(-1), Nine.AddHours(1))).Dispose();
        (await App.PutBusyAsync("inside-late", Nine.AddHours(5), Nine.AddHours(6))).Dispose();
        (await App.PutBusyAsync("inside-early", Nine.AddHours(2), Nine.AddHours(3))).Dispose();
        (await App.PutBusyAsync("after", Nine.AddDays(2), Nine.AddDays(2).AddHours(1))).Dispose();

        using var first = await App.ListBusyAsync(Nine, Nine.AddDays(1), "&pageSize=2");
        var page1 = await first.AssertJsonAsync(HttpStatusCode.OK);
        var continuation = page1["continuation"]!.GetValue<string>();
        using var second = await App.ListBusyAsync(Nine, Nine.AddDays(1), $"&pageSize=2&continuation={continuation}");
        var page2 = await second.AssertJsonAsync(HttpStatusCode.OK);

        var ids = page1["intervals"]!.AsArray().Concat(page2["intervals"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>());
        Assert.Equal(["spanning", "inside-early", "inside-late"], ids);
        Assert.Null(page2["continuation"]);
    }

    [Fact]
    public async Task SyncBusy_Window_ReplacesWhatStartsInsideWithExactlyTheBody_AndTheSameBodyAgainChangesNothing()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var day = Nine.AddHours(-9); // 00:00 Berlin
        (await App.PutBusyAsync("kept", Nine, Nine.AddMinutes(30))).Dispose();
        (await App.PutBusyAsync("dropped", Nine.AddHours(1), Nine.AddHours(2))).Dispose();
        (await App.PutBusyAsync("next-day", Nine.AddDays(1), Nine.AddDays(1).AddHours(1))).Dispose();
        (await App.PutBusyAsync("moved-in", Nine.AddDays(3), Nine.AddDays(3).AddHours(1))).Dispose();
        var body = new
        {
            intervals = new object[]
            {
                new { id = "kept", start = BusyApi.Iso(Nine), end = BusyApi.Iso(Nine.AddMinutes(30)) },
                new { id = "changed-title", start = BusyApi.Iso(Nine.AddHours(3)), end = BusyApi.Iso(Nine.AddHours(4)), title = "Lunch" },
                new { id = "moved-in", start = BusyApi.Iso(Nine.AddHours(5)), end = BusyApi.Iso(Nine.AddHours(6)) },
            },
        };

        using var synced = await App.SyncBusyAsync(day, day.AddDays(1), body);
        var result = await synced.AssertJsonAsync(HttpStatusCode.OK);
        var rowsAfterFirst = await RowsWithETagsAsync(App);
        using var again = await App.SyncBusyAsync(day, day.AddDays(1), body);
        var second = await again.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal((1, 1, 1, 1), Counts(result)); // changed-title created; moved-in replaced; dropped deleted; kept unchanged
        Assert.Equal((0, 0, 0, 3), Counts(second));
        Assert.Equal(rowsAfterFirst, await RowsWithETagsAsync(App));
        using var list = await App.ListBusyAsync(day, day.AddDays(5));
        var ids = (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
        Assert.Equal(["kept", "changed-title", "moved-in", "next-day"], ids);
        var offered = await App.OfferedAsync(url);
        Assert.Contains(Nine.AddHours(1), offered);
        Assert.Contains(Nine.AddDays(3), offered);
        Assert.DoesNotContain(Nine.AddHours(5), offered);
    }

    [Fact]
    public async Task SyncBusy_FiveHundredIntervalsOverTwoMonths_AllStoredAndOfferedAround()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var from = Nine.AddHours(-9);
        var intervals = Enumerable.Range(0, 500).Select(i => new
        {
            id = $"appt-{i}",
            start = BusyApi.Iso(from.AddMinutes(174 * i)),
            end = BusyApi.Iso(from.AddMinutes(174 * i).AddMinutes(30)),
        }).ToArray();

        using var synced = await App.SyncBusyAsync(from, from.AddDays(62), new { intervals });

        Assert.Equal((500, 0, 0, 0), Counts(await synced.AssertJsonAsync(HttpStatusCode.OK)));
        Assert.Equal(500, await App.CountRowsAsync("busy|"));
        Assert.Equal(500, (await App.AgendaClaimsAsync()).Count);
        var offered = await App.OfferedAsync(url);
        Assert.DoesNotContain(from.AddHours(9), offered); // the fourth interval, 08:42-09:12 Berlin, covers the 09:00 slot
        Assert.Contains(from.AddHours(9).AddMinutes(30), offered);
    }

    [Fact]
    public async Task Book_AfterTheSlotLengthGrew_NeverOverlapsABookingMadeWithTheShorterSlots()
    {
        using (var booked = await App.BookJsonAsync((await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>(), Nine.AddMinutes(90)))
        {
            await booked.AssertJsonAsync(HttpStatusCode.Created); // 10:30-11:00
        }

        await App.CreateCalendarAsync(CalendarId, CalendarWith(slotMinutes: 60));
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();

        var offered = await App.OfferedAsync(url);
        Assert.DoesNotContain(Nine.AddMinutes(60), offered); // 10:00-11:00 would overlap
        Assert.Contains(Nine.AddMinutes(120), offered);
        using var book = await App.BookJsonAsync(url, Nine.AddMinutes(60));
        await book.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await App.CountBookingClaimsAsync());
    }

    [Fact]
    public async Task OpenAndBook_WithBuffersIntervalAndDayLimit_OfferAndAcceptOnlyWhatTheRulesAllow()
    {
        // Replaces the default calendar with the rules under test.
        await App.CreateCalendarAsync(CalendarId, CalendarWith(slotMinutes: 30, bufferAfterMinutes: 15, slotIntervalMinutes: 15, maxBookingsPerDay: 2));
        var first = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var second = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var third = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        Assert.Contains(Nine.AddMinutes(15), await App.OfferedAsync(first)); // the 15-minute grid

        (await App.BookJsonAsync(first, Nine)).Dispose(); // 09:00-09:30, buffered to 09:45
        var offered = await App.OfferedAsync(second);
        Assert.DoesNotContain(Nine.AddMinutes(30), offered);
        Assert.Contains(Nine.AddMinutes(45), offered);
        using (var inBuffer = await App.BookJsonAsync(second, Nine.AddMinutes(30)))
        {
            await inBuffer.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var booked = await App.BookJsonAsync(second, Nine.AddMinutes(45)))
        {
            await booked.AssertJsonAsync(HttpStatusCode.Created);
        }

        // Two bookings on Monday: the limit. Monday offers nothing more; Tuesday does.
        offered = await App.OfferedAsync(third);
        Assert.DoesNotContain(offered, start => start < Nine.AddDays(1).AddHours(-9));
        Assert.Contains(Nine.AddDays(1), offered);
        using var overLimit = await App.BookJsonAsync(third, Nine.AddHours(4));
        await overLimit.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string, string, int> BadInput => new()
    {
        // method, path (after /api/calendars/dr-smith), JSON body ("" for none), status
        { "PUT", "/busy/" + new string('x', 129), """{"start":"2026-12-07T09:00:00+01:00","end":"2026-12-07T10:00:00+01:00"}""", 422 },
        { "PUT", "/busy/a", """{"start":"2026-12-07T10:00:00+01:00","end":"2026-12-07T09:00:00+01:00"}""", 422 },
        { "PUT", "/busy/a", """{"start":"2026-12-07T10:00:00+01:00","end":"2026-12-07T10:00:00+01:00"}""", 422 },
        { "PUT", "/busy/a", """{"start":"2026-12-07T10:00:00+01:00","end":"2027-01-08T10:00:00+01:00"}""", 422 },
        { "PUT", "/busy/a", """{"start":"2026-12-07T10:00:00","end":"2026-12-07T11:00:00+01:00"}""", 422 },
        { "PUT", "/busy/a", """{"start":"2026-12-07T10:00:00+01:00"}""", 422 },
        { "PUT", "/busy/a", """{"start":"2026-12-07T10:00:00+01:00","end":"2026-12-07T11:00:00+01:00","title":"a\u0000b"}""", 422 },
        { "PUT", "/busy/a", """{"start":10,"end":"2026-12-07T11:00:00+01:00"}""", 400 },
        { "PUT", "/busy/a", "", 400 },
        { "GET", "/busy?from=2026-12-07T00:00:00Z&to=2027-02-08T00:00:01Z", "", 422 },
        { "GET", "/busy?from=2026-12-07T00:00:00Z", "", 422 },
        { "GET", "/busy?from=2026-12-08T00:00:00Z&to=2026-12-07T00:00:00Z", "", 422 },
        { "GET", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z&pageSize=0", "", 422 },
        { "GET", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z&continuation=bm9wZQ", "", 422 },
        { "PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z", """{"intervals":[{"id":"a","start":"2026-12-09T09:00:00Z","end":"2026-12-09T10:00:00Z"}]}""", 422 },
        { "PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z", """{"intervals":[{"id":"a","start":"2026-12-07T09:00:00Z","end":"2026-12-07T10:00:00Z"},{"id":"a","start":"2026-12-07T11:00:00Z","end":"2026-12-07T12:00:00Z"}]}""", 422 },
        { "PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z", """{"intervals":[{"id":"a","start":"2026-12-07T09:00:00Z","end":"2026-12-07T10:00:00Z"},{"id":"b","start":"2026-12-07T11:00:00Z"}]}""", 422 },
        { "PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z", """{"intervals":null}""", 422 },
        { "PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z", """{"intervals":[null]}""", 422 },
        { "PUT", "/busy", """{"intervals":[]}""", 422 },
        { "PUT", "/busy?from=2026-12-07T00:00:00Z&to=2027-02-08T00:00:01Z", """{"intervals":[]}""", 422 },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BusyRoutes_BadInput_ClearProblemWithFieldErrorsAndNothingStored(string method, string path, string body, int status)
    {
        (await App.PutBusyAsync("existing", Nine, Nine.AddMinutes(30))).Dispose();
        var before = await RowsWithETagsAsync(App);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/calendars/{CalendarId}{path}")
        {
            Content = body.Length == 0 ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await App.Management.SendAsync(request);

        var problem = await response.AssertProblemAsync((HttpStatusCode)status);
        if (status == 422)
        {
            Assert.NotEmpty(problem["errors"]!.AsObject());
        }

        Assert.Equal(before, await RowsWithETagsAsync(App));
    }

    [Fact]
    public async Task SyncBusy_MoreThanFiveHundredIntervals_422AndNothingStored()
    {
        var from = Nine.AddHours(-9);
        var intervals = Enumerable.Range(0, 501).Select(i => new { id = $"a{i}", start = BusyApi.Iso(from.AddHours(i)), end = BusyApi.Iso(from.AddHours(i).AddMinutes(30)) });

        using var response = await App.SyncBusyAsync(from, from.AddDays(30), new { intervals });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["intervals"]);
        Assert.Equal(0, await App.CountRowsAsync("busy"));
    }

    [Theory]
    [InlineData("PUT", "/busy/a")]
    [InlineData("DELETE", "/busy/a")]
    [InlineData("GET", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z")]
    [InlineData("PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z")]
    public async Task BusyRoutes_UnknownCalendar_404AndNothingStored(string method, string path)
    {
        var before = await App.RowsAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/calendars/nobody{path}")
        {
            Content = method == "PUT"
                ? JsonContent.Create(new { start = "2026-12-07T09:00:00Z", end = "2026-12-07T10:00:00Z", intervals = Array.Empty<object>() })
                : null,
        };

        using var response = await App.Management.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await App.RowsAsync());
    }

    [Theory]
    [InlineData("PUT", "/busy/a")]
    [InlineData("DELETE", "/busy/a")]
    [InlineData("GET", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z")]
    [InlineData("PUT", "/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z")]
    public async Task BusyRoutes_WithoutTheFunctionKey_401(string method, string path)
    {
        using var response = await App.Public.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/calendars/{CalendarId}{path}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The default Berlin calendar with other rules.</summary>
    internal static object CalendarWith(
        int slotMinutes = 30, int bufferBeforeMinutes = 0, int bufferAfterMinutes = 0, int? slotIntervalMinutes = null, int? maxBookingsPerDay = null) => new
    {
        name = "Dr. Smith",
        timeZone = "Europe/Berlin",
        slotMinutes,
        bufferBeforeMinutes,
        bufferAfterMinutes,
        slotIntervalMinutes,
        maxBookingsPerDay,
        availability = Api.WeekdaysNineToFive(),
        minimumNoticeMinutes = 0,
        horizonDays = 30,
    };

    private static (int, int, int, int) Counts(System.Text.Json.Nodes.JsonObject result) => (
        result["created"]!.GetValue<int>(), result["replaced"]!.GetValue<int>(), result["deleted"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>());

    private static async Task<List<string>> RowsWithETagsAsync(TestApp app)
    {
        var rows = new List<string>();
        await foreach (var row in app.Table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows.Add($"{row.PartitionKey} {row.RowKey} {row.ETag}");
        }

        return rows;
    }
}
