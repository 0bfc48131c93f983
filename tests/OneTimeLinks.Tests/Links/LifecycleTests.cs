using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Tests.Links;

/// <summary>
/// The whole life of links through HTTP, against the local runner and Azurite, with the clock pinned to Monday
/// 2026-12-07 07:00Z (08:00 in Berlin). The calendar is weekdays 09:00–17:00 Berlin, 30-minute slots, no notice, 30 days.
/// </summary>
public sealed class LifecycleTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    // Compare JSON as the wire writes it ("+01:00", not "\u002B01:00").
    private static readonly System.Text.Json.JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string ContactMessage = "Please call us on +49 30 1234567.";

    private protected override bool CapturesServiceBus => false;

    [Fact]
    public async Task PutCalendar_ThenGet_ReturnsTheCalendarAsStored()
    {
        using var put = await App.Management.PutAsJsonAsync("/api/calendars/dr-smith", Infrastructure.Api.BerlinCalendar());
        var saved = await put.AssertJsonAsync(HttpStatusCode.OK);
        using var get = await App.Management.GetAsync(new Uri("/api/calendars/dr-smith", UriKind.Relative));
        var read = await get.AssertJsonAsync(HttpStatusCode.OK);

        // The GET always shows the calendar's busy feeds; a PUT that did not set them leaves them out of its answer
        // (docs/design.md, "Busy time from iCalendar feeds": saving a calendar costs no extra read).
        Assert.Equal("[]", Assert.IsType<JsonArray>(read["busyFeeds"]).ToJsonString());
        Assert.False(saved.AsObject().ContainsKey("busyFeeds"));
        read.AsObject().Remove("busyFeeds");
        Assert.Equal(saved.ToJsonString(RelaxedJson), read.ToJsonString(RelaxedJson));
        Assert.Equal("dr-smith", read["calendarId"]!.GetValue<string>());
        Assert.Equal("Dr. Smith", read["name"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", read["timeZone"]!.GetValue<string>());
        Assert.Equal(30, read["slotMinutes"]!.GetValue<int>());
        Assert.Equal(0, read["minimumNoticeMinutes"]!.GetValue<int>());
        Assert.Equal(30, read["horizonDays"]!.GetValue<int>());
        Assert.Equal(ContactMessage, read["contactMessage"]!.GetValue<string>());
        Assert.Equal(TestApp.DefaultNow, Instant(read["updatedAt"]));
        Assert.Equal(
            """{"monday":[{"start":"09:00","end":"17:00"}],"tuesday":[{"start":"09:00","end":"17:00"}],"wednesday":[{"start":"09:00","end":"17:00"}],"thursday":[{"start":"09:00","end":"17:00"}],"friday":[{"start":"09:00","end":"17:00"}]}""",
            read["availability"]!.ToJsonString(RelaxedJson));
    }

    [Fact]
    public async Task PutCalendar_Twice_ReplacesTheWholeCalendar()
    {
        using var put = await App.Management.PutAsJsonAsync($"/api/calendars/{CalendarId}", new
        {
            name = "Dr. Jones",
            timeZone = "America/New_York",
            slotMinutes = 60,
            availability = new { saturday = new[] { new { start = "10:00", end = "24:00" } } },
        });
        await put.AssertJsonAsync(HttpStatusCode.OK);
        using var get = await App.Management.GetAsync(new Uri($"/api/calendars/{CalendarId}", UriKind.Relative));
        var read = await get.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Dr. Jones", read["name"]!.GetValue<string>());
        Assert.Equal("America/New_York", read["timeZone"]!.GetValue<string>());
        Assert.Equal("""{"saturday":[{"start":"10:00","end":"24:00"}]}""", read["availability"]!.ToJsonString(RelaxedJson));
        Assert.Equal(30, read["horizonDays"]!.GetValue<int>());
        Assert.Null(read["contactMessage"]);
    }

    [Fact]
    public async Task GetCalendar_Unknown_Is404Problem()
    {
        using var response = await App.Management.GetAsync(new Uri("/api/calendars/nobody", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Generate_KnownCalendar_Is201WithAbsoluteUrlUnderThePublicBaseUrlAndAFreshToken()
    {
        using var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links", new
        {
            note = "sent to Jane by SMS",
            maxUses = 1,
            contact = new { id = "crm-42", name = "Jane Doe", email = "jane@example.com" },
        });
        var link = await response.AssertJsonAsync(HttpStatusCode.Created);

        var linkId = link["linkId"]!.GetValue<string>();
        Assert.True(LinkIds.IsValid(linkId), linkId);
        Assert.Equal($"/api/calendars/{CalendarId}/links/{linkId}", response.Headers.Location?.OriginalString);
        var url = link["url"]!.GetValue<string>();
        Assert.Matches($"^https://book\\.example\\.test/api/l/{CalendarId}\\.{linkId}\\.[A-Za-z0-9_-]{{43}}$", url);
        Assert.True(CapabilityToken.TryParseLink(url["https://book.example.test/api/l/".Length..], out var token));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token.Secret).Length);
        Assert.Equal(CalendarId, link["calendarId"]!.GetValue<string>());
        Assert.Equal("active", link["status"]!.GetValue<string>());
        Assert.Null(link["expiresAt"]);
        Assert.Equal("sent to Jane by SMS", link["note"]!.GetValue<string>());
        Assert.Equal(1, link["maxUses"]!.GetValue<int>());
        Assert.Equal(0, link["uses"]!.GetValue<int>());
        Assert.Equal("""{"id":"crm-42","name":"Jane Doe","email":"jane@example.com"}""", link["contact"]!.ToJsonString(RelaxedJson));
        Assert.Equal(TestApp.DefaultNow, Instant(link["createdAt"]));

        var second = await App.GenerateLinkAsync(CalendarId);
        Assert.NotEqual(SecretOf(url).Secret, SecretOf(second["url"]!.GetValue<string>()).Secret);
    }

    [Fact]
    public async Task Generate_UnknownCalendar_Is404AndWritesNothing()
    {
        var before = await App.RowsAsync();

        using var response = await App.Management.PostAsJsonAsync("/api/calendars/nobody/links", new { });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await App.RowsAsync());
    }

    [Fact]
    public async Task GetListAndStorage_AfterGenerate_NeverContainTheTokenSecretOrItsHash()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { expiresAt = "2026-12-08T17:00:00+01:00", note = "n" });
        var linkId = created["linkId"]!.GetValue<string>();
        var (secret, hash) = SecretOf(created["url"]!.GetValue<string>());
        (await App.BookJsonAsync(created["url"]!.GetValue<string>(), FirstSlot)).Dispose();

        using var get = await App.GetLinkAsync(linkId);
        using var list = await App.ListAsync();
        using var revoke = await App.RevokeAsync(linkId);
        var texts = new[]
        {
            await get.Content.ReadAsStringAsync(),
            await list.Content.ReadAsStringAsync(),
            await revoke.Content.ReadAsStringAsync(),
        };

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revoke.StatusCode);
        Assert.Contains(linkId, texts[0], StringComparison.Ordinal);
        Assert.Contains(linkId, texts[1], StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(texts[0])!["url"]);
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, text, StringComparison.OrdinalIgnoreCase);
        });

        // Storage keeps the hash, never the secret.
        await foreach (var row in App.Table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            foreach (var (_, value) in row)
            {
                Assert.DoesNotContain(secret, value?.ToString() ?? "", StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Open_ActiveLink_ListsEveryFreeSlotFromNowToTheHorizonWithBerlinOffsets()
    {
        var url = await App.GenerateLinkUrlAsync(new { contact = new { id = "crm-42", name = "Jane Doe" } });

        using var response = await App.OpenAsync(url);
        var body = await response.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("active", body["status"]!.GetValue<string>());
        Assert.Equal("""{"name":"Dr. Smith","timeZone":"Europe/Berlin"}""", body["calendar"]!.ToJsonString(RelaxedJson));
        Assert.Null(body["expiresAt"]);
        Assert.Equal("""{"name":"Jane Doe","email":null}""", body["contact"]!.ToJsonString(RelaxedJson));
        var slots = body["slots"]!.AsArray();

        // 07:00Z is 08:00 in Berlin, so Monday's first slot is 09:00+01:00. The 30-day horizon ends Wednesday 2027-01-06
        // 08:00 Berlin, before that day's first slot: 22 weekdays (7 Dec to 5 Jan) of 16 slots.
        Assert.Equal("""{"start":"2026-12-07T09:00:00+01:00","end":"2026-12-07T09:30:00+01:00"}""", slots[0]!.ToJsonString(RelaxedJson));
        Assert.Equal("""{"start":"2026-12-07T09:30:00+01:00","end":"2026-12-07T10:00:00+01:00"}""", slots[1]!.ToJsonString(RelaxedJson));
        Assert.Equal("""{"start":"2026-12-08T09:00:00+01:00","end":"2026-12-08T09:30:00+01:00"}""", slots[16]!.ToJsonString(RelaxedJson));
        Assert.Equal("""{"start":"2027-01-05T16:30:00+01:00","end":"2027-01-05T17:00:00+01:00"}""", slots[^1]!.ToJsonString(RelaxedJson));
        Assert.Equal(22 * 16, slots.Count);
    }

    [Fact]
    public async Task Open_Repeatedly_NeverConsumesTheLink()
    {
        var created = await App.GenerateLinkAsync(CalendarId);
        var url = created["url"]!.GetValue<string>();
        var rowsBefore = await App.RowsAsync();

        for (var i = 0; i < 3; i++)
        {
            using var open = await App.OpenAsync(url);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        using var get = await App.GetLinkAsync(created["linkId"]!.GetValue<string>());
        var link = await get.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", link["status"]!.GetValue<string>());
        Assert.Equal(0, link["uses"]!.GetValue<int>());
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Book_SingleUseLink_Is201ThenEveryOpenOrBookIs410UsedWithTheContactMessage()
    {
        var created = await App.GenerateLinkAsync(CalendarId);
        var url = created["url"]!.GetValue<string>();
        var linkId = created["linkId"]!.GetValue<string>();

        using var book = await App.BookJsonAsync(url, FirstSlot, "Jane Doe", "jane@example.com");
        var booking = await book.AssertJsonAsync(HttpStatusCode.Created);
        var bookingId = booking["bookingId"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", bookingId);
        Assert.Equal(linkId, booking["linkId"]!.GetValue<string>());
        Assert.Equal("2026-12-07T09:00:00+01:00", booking["start"]!.GetValue<string>());
        Assert.Equal("2026-12-07T09:30:00+01:00", booking["end"]!.GetValue<string>());
        Assert.Equal("Jane Doe", booking["name"]!.GetValue<string>());
        Assert.Equal("jane@example.com", booking["email"]!.GetValue<string>());

        using var reopen = await App.OpenAsync(url);
        var gone = await reopen.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("used", gone["linkStatus"]!.GetValue<string>());
        Assert.Contains(ContactMessage, gone["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ContactMessage, gone["contactMessage"]!.GetValue<string>());

        using var rebook = await App.BookJsonAsync(url, MondaySlot(1));
        var goneAgain = await rebook.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("used", goneAgain["linkStatus"]!.GetValue<string>());
        Assert.Contains(ContactMessage, goneAgain["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var list = await App.ListAsync();
        var listed = Assert.Single((await list.AssertJsonAsync(HttpStatusCode.OK))["links"]!.AsArray());
        Assert.Equal("used", listed!["status"]!.GetValue<string>());
        Assert.Equal(1, listed["uses"]!.GetValue<int>());
        Assert.Equal(TestApp.DefaultNow, Instant(listed["endedAt"]));

        using var get = await App.GetLinkAsync(linkId);
        var detail = await get.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("used", detail["status"]!.GetValue<string>());
        var stored = Assert.Single(detail["bookings"]!.AsArray());
        Assert.Equal(bookingId, stored!["bookingId"]!.GetValue<string>());
        Assert.Equal(FirstSlot, Instant(stored["start"]));
        Assert.Equal(FirstSlot.AddMinutes(30), Instant(stored["end"]));
        Assert.Equal("Jane Doe", stored["name"]!.GetValue<string>());
        Assert.Equal("jane@example.com", stored["email"]!.GetValue<string>());

        using var revoke = await App.RevokeAsync(linkId);
        var conflict = await revoke.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("used", conflict["linkStatus"]!.GetValue<string>());

        Assert.Equal(1, await App.CountRowsAsync("booking|"));
        Assert.Equal(1, await App.CountBookingClaimsAsync());
    }

    [Fact]
    public async Task Book_SlotTakenThroughAnotherLink_IsNoLongerOfferedAndBookingItIs409WithTheLinkStillActive()
    {
        var first = await App.GenerateLinkUrlAsync();
        var second = await App.GenerateLinkAsync(CalendarId);
        var secondUrl = second["url"]!.GetValue<string>();
        using (var booked = await App.BookJsonAsync(first, FirstSlot))
        {
            await booked.AssertJsonAsync(HttpStatusCode.Created);
        }

        using var open = await App.OpenAsync(secondUrl);
        var slots = (await open.AssertJsonAsync(HttpStatusCode.OK))["slots"]!.AsArray();
        using var book = await App.BookJsonAsync(secondUrl, FirstSlot);
        var problem = await book.AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("2026-12-07T09:30:00+01:00", slots[0]!["start"]!.GetValue<string>());
        Assert.Equal(22 * 16 - 1, slots.Count);
        Assert.Equal("urn:onetimelinks:problem:slot-unavailable", problem["type"]!.GetValue<string>());
        using var get = await App.GetLinkAsync(second["linkId"]!.GetValue<string>());
        var link = await get.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", link["status"]!.GetValue<string>());
        Assert.Equal(0, link["uses"]!.GetValue<int>());
        using var retry = await App.BookJsonAsync(secondUrl, MondaySlot(1));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
    }

    [Fact]
    public async Task Revoke_ActiveLink_Is200RevokedRepeatableAndTheLinkAnswers410Revoked()
    {
        var created = await App.GenerateLinkAsync(CalendarId);
        var linkId = created["linkId"]!.GetValue<string>();
        var url = created["url"]!.GetValue<string>();

        using var revoke = await App.RevokeAsync(linkId);
        var revoked = await revoke.AssertJsonAsync(HttpStatusCode.OK);
        App.Time.Advance(TimeSpan.FromMinutes(5));
        using var again = await App.RevokeAsync(linkId);
        var revokedAgain = await again.AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("revoked", revoked["status"]!.GetValue<string>());
        Assert.Equal(TestApp.DefaultNow, Instant(revoked["endedAt"]));
        Assert.Null(revoked["url"]);
        Assert.Equal("revoked", revokedAgain["status"]!.GetValue<string>());
        Assert.Equal(TestApp.DefaultNow, Instant(revokedAgain["endedAt"]));

        using var open = await App.OpenAsync(url);
        var gone = await open.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("revoked", gone["linkStatus"]!.GetValue<string>());
        Assert.Contains(ContactMessage, gone["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var book = await App.BookJsonAsync(url, FirstSlot);
        Assert.Equal("revoked", (await book.AssertProblemAsync(HttpStatusCode.Gone))["linkStatus"]!.GetValue<string>());
        Assert.Equal(0, await App.CountRowsAsync("booking|"));
    }

    [Fact]
    public async Task Revoke_UnknownLink_Is404()
    {
        using var response = await App.RevokeAsync("0000000000000abcdef");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Open_UnknownAndMalformedTokens_Are404WithTheSameDetail()
    {
        var url = await App.GenerateLinkUrlAsync();
        var forged = url[..^43] + new string('A', 43);

        using var unknown = await App.OpenAsync(forged);
        using var malformed = await App.OpenAsync("https://book.example.test/api/l/not-a-token");
        var unknownProblem = await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        var malformedProblem = await malformed.AssertProblemAsync(HttpStatusCode.NotFound);

        // Same wording for both, nothing about the calendar or link; only the per-request traceId may differ.
        unknownProblem.Remove("traceId");
        malformedProblem.Remove("traceId");
        Assert.Equal(unknownProblem.ToJsonString(RelaxedJson), malformedProblem.ToJsonString(RelaxedJson));
        Assert.Equal(["type", "title", "status", "detail"], unknownProblem.Select(p => p.Key));
        Assert.Null(unknownProblem["contactMessage"]);
    }

    [Fact]
    public async Task List_StatusFilterPageSizeAndContinuation_NewestFirstAcrossThreePages()
    {
        var ids = new List<string>();
        var urls = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = await App.GenerateLinkAsync(CalendarId, new { note = $"link {i}" });
            ids.Add(created["linkId"]!.GetValue<string>());
            urls.Add(created["url"]!.GetValue<string>());
            App.Time.Advance(TimeSpan.FromMinutes(1));
        }

        (await App.BookJsonAsync(urls[1], FirstSlot)).Dispose();
        (await App.RevokeAsync(ids[3])).Dispose();
        var newestFirst = Enumerable.Reverse(ids).ToList();

        var pages = new List<List<string>>();
        string? continuation = null;
        do
        {
            var query = "?pageSize=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            using var response = await App.ListAsync(query);
            var page = await response.AssertJsonAsync(HttpStatusCode.OK);
            pages.Add(page["links"]!.AsArray().Select(l => l!["linkId"]!.GetValue<string>()).ToList());
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null && pages.Count < 10);

        Assert.Equal([[newestFirst[0], newestFirst[1]], [newestFirst[2], newestFirst[3]], [newestFirst[4]]], pages);
        Assert.Equal(newestFirst, await ListIdsAsync(App, ""));
        Assert.Equal([ids[4], ids[2], ids[0]], await ListIdsAsync(App, "?status=active"));
        Assert.Equal([ids[1]], await ListIdsAsync(App, "?status=used"));
        Assert.Equal([ids[3]], await ListIdsAsync(App, "?status=revoked"));
        Assert.Empty(await ListIdsAsync(App, "?status=expired"));
        Assert.Equal([ids[4], ids[2]], await ListIdsAsync(App, "?status=active&pageSize=2"));
    }

    [Fact]
    public async Task ExpiredLink_AtTheExactExpiryInstant_Answers410ExpiredAndListsAsExpiredBeforeAnySweep()
    {
        var expiresAt = TestApp.DefaultNow.AddHours(1);
        var created = await App.GenerateLinkAsync(CalendarId, new { expiresAt = "2026-12-07T09:00:00+01:00" });
        var linkId = created["linkId"]!.GetValue<string>();
        var url = created["url"]!.GetValue<string>();
        var neverExpires = (await App.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>();
        Assert.Equal(expiresAt, Instant(created["expiresAt"]));

        App.Time.Advance(TimeSpan.FromHours(1));

        using var open = await App.OpenAsync(url);
        var gone = await open.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("expired", gone["linkStatus"]!.GetValue<string>());
        Assert.Contains(ContactMessage, gone["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var book = await App.BookJsonAsync(url, MondaySlot(2));
        Assert.Equal("expired", (await book.AssertProblemAsync(HttpStatusCode.Gone))["linkStatus"]!.GetValue<string>());
        Assert.Equal([linkId], await ListIdsAsync(App, "?status=expired"));
        Assert.Equal([neverExpires], await ListIdsAsync(App, "?status=active"));
        using var get = await App.GetLinkAsync(linkId);
        Assert.Equal("expired", (await get.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        using var revoke = await App.RevokeAsync(linkId);
        Assert.Equal("expired", (await revoke.AssertProblemAsync(HttpStatusCode.Conflict))["linkStatus"]!.GetValue<string>());
        Assert.Equal(0, await App.CountRowsAsync("booking|"));
    }

    [Fact]
    public async Task ExpiringLink_OneTickBeforeExpiry_IsStillOpenListedActiveAndBookable()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { expiresAt = "2026-12-07T09:00:00+01:00" });
        var linkId = created["linkId"]!.GetValue<string>();
        var url = created["url"]!.GetValue<string>();

        App.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));

        using var open = await App.OpenAsync(url);
        Assert.Equal("active", (await open.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        Assert.Equal([linkId], await ListIdsAsync(App, "?status=active"));
        Assert.Empty(await ListIdsAsync(App, "?status=expired"));
        using var book = await App.BookJsonAsync(url, FirstSlot);
        await book.AssertJsonAsync(HttpStatusCode.Created);
        using var get = await App.GetLinkAsync(linkId);
        Assert.Equal("used", (await get.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
    }

    private static async Task<List<string>> ListIdsAsync(TestApp app, string query)
    {
        using var response = await app.ListAsync(query);
        var page = await response.AssertJsonAsync(HttpStatusCode.OK);
        return page["links"]!.AsArray().Select(l => l!["linkId"]!.GetValue<string>()).ToList();
    }
}
