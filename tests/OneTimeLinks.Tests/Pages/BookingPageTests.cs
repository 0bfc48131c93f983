using System.Text;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Pages;

/// <summary>
/// The invitee's HTML pages over HTTP, against the local runner and Azurite, with the clock pinned to Monday
/// 2026-12-07 07:00Z (08:00 in Berlin). The default calendar is weekdays 09:00–17:00 Berlin, 30-minute slots.
/// </summary>
public sealed class BookingPageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Open_FromABrowser_IsTheBookingPageWithSlotsAsInstantsAndTheContactPrefilled()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();

        var (response, html) = await browser.GetPageAsync(path);

        AssertHtml(response, HttpStatusCode.OK, html, "booking page");
        AssertPageHeaders(response, "booking page");
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Dr. Smith</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<form class=\"booking-form\" method=\"post\" action=\"{path}/book\"", html, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"radio\" name=\"start\" value=\"{FirstSlotValue}\" required>", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"day\" open>\n<summary><span class=\"day-name\">Monday 7 December 2026</span> <span class=\"day-count\">16 times</span></summary>", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"day\">\n<summary><span class=\"day-name\">Tuesday 8 December 2026</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span data-time>09:00</span>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Europe/Berlin\" selected>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"jane@example.com\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Jane Doe\"", html, StringComparison.Ordinal);
        foreach (var field in new[] { "name", "email", "phone", "message", "tz" })
        {
            Assert.Contains($"<label for=\"{field}\">", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("aria-live=\"polite\"", html, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", IdempotencyKeyOf(html));
        Assert.NotEqual(IdempotencyKeyOf(html), IdempotencyKeyOf((await browser.GetPageAsync(path)).Html));
        Assert.Equal(0, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task Open_WithAnotherZoneChosenWithoutScript_ShowsTheTimesInThatZone()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();

        var (response, html) = await browser.GetPageAsync(path + "?tz=America/New_York");
        var (_, fallback) = await browser.GetPageAsync(path + "?tz=Not/AZone");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<option value=\"America/New_York\" selected>", html, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"radio\" name=\"start\" value=\"{FirstSlotValue}\" required><span data-time>03:00</span>", html, StringComparison.Ordinal);
        Assert.Equal("America/New_York", Hidden(html, "timeZone"));
        Assert.Equal("Europe/Berlin", Hidden(fallback, "timeZone"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/html;q=0.5")]
    public async Task Open_FromAnApiClient_StaysJson(string? accept)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await app.Public.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"slots\":", body, StringComparison.Ordinal);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.DoesNotContain(Note, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPost_Books_AndAnswers303ToAConfirmationInBothZones_WhichWorksAfterTheLinkIsUsed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();
        var (_, page) = await browser.GetPageAsync(path);
        await browser.GetPageAsync(path); // opening, however often, never consumes

        var (post, postBody) = await browser.PostFormAsync(path + "/book", FormFrom(page, FirstSlotValue, timeZone: "America/New_York"));

        Assert.True(HttpStatusCode.SeeOther == post.StatusCode, postBody);
        AssertPageHeaders(post, "303");
        var location = post.Headers.Location!.OriginalString;
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}/bookings/[0-9a-f]{{32}}\\?tz=America%2FNew_York$", location);
        var (confirmation, html) = await browser.GetPageAsync(location);
        AssertHtml(confirmation, HttpStatusCode.OK, html, "confirmation");
        AssertPageHeaders(confirmation, "confirmation");
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("Monday 7 December 2026, 03:00\u201303:30</span> <span class=\"zone\">(<span data-zone-name>America/New_York</span>)", text, StringComparison.Ordinal);
        Assert.Contains("Monday 7 December 2026, 09:00\u201309:30 <span class=\"zone\">(Europe/Berlin)</span>", text, StringComparison.Ordinal);
        var bookingId = location[(location.LastIndexOf('/') + 1)..location.IndexOf('?', StringComparison.Ordinal)];
        Assert.Contains($"href=\"{path}/bookings/{bookingId}/ics\"", html, StringComparison.Ordinal);
        Assert.Contains("jane@example.com", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountBookingsAsync());

        var (used, usedHtml) = await browser.GetPageAsync(path);
        AssertHtml(used, HttpStatusCode.Gone, usedHtml, "used page");
        var (again, _) = await browser.GetPageAsync(location);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task FormResubmit_SameForm_ReplaysToTheSameConfirmation_AndAnotherFormSeesTheUsedPage()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();
        var (_, page) = await browser.GetPageAsync(path);
        var (_, otherTab) = await browser.GetPageAsync(path);
        var form = FormFrom(page, FirstSlotValue);

        var (first, _) = await browser.PostFormAsync(path + "/book", form);
        var (resubmit, _) = await browser.PostFormAsync(path + "/book", form);
        var (other, otherHtml) = await browser.PostFormAsync(path + "/book", FormFrom(otherTab, MondaySlotValue(1), name: "Someone Else", email: "else@example.com"));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, resubmit.StatusCode);
        Assert.Equal(first.Headers.Location, resubmit.Headers.Location);
        AssertHtml(other, HttpStatusCode.Gone, otherHtml, "other form");
        AssertPageHeaders(other, "other form");
        Assert.Contains("<h1>This link has been used</h1>", otherHtml, StringComparison.Ordinal);

        // The same form sent again with other details (the back button, then an edit) books nothing new either.
        var (edited, editedHtml) = await browser.PostFormAsync(path + "/book", FormFrom(page, FirstSlotValue, message: "Changed my mind"));
        AssertHtml(edited, HttpStatusCode.Gone, editedHtml, "edited resubmit");
        Assert.Contains("If you made that booking, it is still in place", editedHtml, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task Open_WithNoFreeSlots_SaysSoWithTheContactMessage_AndOffersNoForm()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync(new
        {
            name = "Dr. Smith",
            timeZone = "Europe/Berlin",
            slotMinutes = 30,
            availability = new { sunday = new[] { new { start = "09:00", end = "10:00" } } },
            minimumNoticeMinutes = 0,
            horizonDays = 1,
            contactMessage = "Please call us.",
        });
        using var browser = app.Browser();

        var (response, html) = await browser.GetPageAsync(path);

        AssertHtml(response, HttpStatusCode.OK, html, "no slots");
        AssertPageHeaders(response, "no slots");
        Assert.Contains("<h2>No free times</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Please call us.</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPost_SlotTakenMeanwhile_Is409WithTheFreeSlotsAndTheInputKept_AndTheLinkStaysUsable()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (otherUrl, _, _) = await app.CalendarAndLinkAsync();
        var (_, path, linkId) = await app.LinkAsync();
        using var browser = app.Browser();
        var (_, page) = await browser.GetPageAsync(path);
        await app.BookJsonAsync(otherUrl, FirstSlotValue);

        var (response, html) = await browser.PostFormAsync(path + "/book", FormFrom(
            page, FirstSlotValue, name: "Janet Roe", email: "janet@example.com", phone: "+49 30 555", message: "Second floor, please ring."));

        AssertHtml(response, HttpStatusCode.Conflict, html, "409 page");
        AssertPageHeaders(response, "409 page");
        Assert.Contains("is no longer available", html, StringComparison.Ordinal);
        Assert.Contains("this link is still valid", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{FirstSlotValue}\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{MondaySlotValue(1)}\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Janet Roe\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"janet@example.com\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&#x2B;49 30 555\"", html, StringComparison.Ordinal);
        Assert.Contains(">Second floor, please ring.</textarea>", html, StringComparison.Ordinal);
        Assert.Equal("active", (await app.GetLinkJsonAsync(linkId))["status"]!.GetValue<string>());

        var (retry, _) = await browser.PostFormAsync(path + "/book", FormFrom(html, MondaySlotValue(1), name: "Janet Roe", email: "janet@example.com"));
        Assert.Equal(HttpStatusCode.SeeOther, retry.StatusCode);
        Assert.Equal(2, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task FormPost_InvalidFields_Is422WithMessagesNextToTheFields_AndBooksNothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();
        var (_, page) = await browser.GetPageAsync(path);

        var (response, html) = await browser.PostFormAsync(path + "/book", FormFrom(page, FirstSlotValue, name: "", email: "not-an-email", phone: "call me"));
        var (noSlot, noSlotHtml) = await browser.PostFormAsync(path + "/book", FormFrom(page, "", name: "Jane"));

        AssertHtml(response, HttpStatusCode.UnprocessableEntity, html, "422 page");
        AssertPageHeaders(response, "422 page");
        Assert.Contains("autocomplete=\"name\" required maxlength=\"200\" value=\"\" aria-invalid=\"true\" aria-describedby=\"name-error\">", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"field-error\" id=\"name-error\"><span class=\"visually-hidden\">Error: </span>Name: Is required.</p>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-email\" aria-invalid=\"true\" aria-describedby=\"email-error\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"email-error\"><span class=\"visually-hidden\">Error: </span>Email: Must be an email address.</p>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"phone-error\"><span class=\"visually-hidden\">Error: </span>Phone: May contain only digits", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{FirstSlotValue}\" required checked>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSlot.StatusCode);
        Assert.Contains("id=\"start-error\"><span class=\"visually-hidden\">Error: </span>Please choose a time.</p>", noSlotHtml, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task HostileValues_InCalendarContactAndInput_AreEncodedOnEveryPage()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (url, path, _) = await app.CalendarAndLinkAsync(
            Infrastructure.Api.BerlinCalendar(name: "Dr. " + Hostile, contactMessage: "Call " + Hostile),
            new { note = Note + Hostile, contact = new { name = "Jane " + Hostile, email = "o'brien&co@example.com" } });
        var (otherUrl, _, _) = await app.LinkAsync();
        using var browser = app.Browser();
        var pages = new List<(string What, string Html)>();

        var (_, page) = await browser.GetPageAsync(path);
        pages.Add(("booking page", page));
        Assert.Contains("value=\"o&#x27;brien&amp;co@example.com\"", page, StringComparison.Ordinal);
        pages.Add(("422 page", (await browser.PostFormAsync(path + "/book", FormFrom(page, Hostile, name: Hostile, email: Hostile, phone: Hostile, message: Hostile))).Html));
        await app.BookJsonAsync(otherUrl, FirstSlotValue);
        pages.Add(("409 page", (await browser.PostFormAsync(path + "/book", FormFrom(page, FirstSlotValue, name: Hostile, email: "jane@example.com", message: Hostile))).Html));
        var (booked, _) = await browser.PostFormAsync(path + "/book", FormFrom(page, MondaySlotValue(1), name: "Jane " + Hostile, email: "jane@example.com", message: Hostile));
        pages.Add(("confirmation", (await browser.GetPageAsync(booked.Headers.Location!.OriginalString)).Html));
        pages.Add(("used page", (await browser.GetPageAsync(path)).Html));

        foreach (var (what, html) in pages)
        {
            Assert.True(!html.Contains("<script>alert(1)</script>", StringComparison.Ordinal), $"{what} shows a raw script element.");
            Assert.True(!html.Contains("\"'&", StringComparison.Ordinal), $"{what} shows raw quotes.");
            Assert.True(!html.Contains("o'brien&co", StringComparison.Ordinal), $"{what} shows a raw email.");
            Assert.True(html.Contains(HostileEncoded, StringComparison.Ordinal), $"{what} does not show the encoded value.");
            Assert.True(!html.Contains(Note, StringComparison.Ordinal), $"{what} shows the link's note.");
            AssertNoInlineScriptOrStyle(html, what);
        }

        Assert.Contains("<h1>Dr. " + HostileEncoded + "</h1>", pages[0].Html, StringComparison.Ordinal);
        Assert.Contains("Hello Jane " + HostileEncoded, pages[0].Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Jane " + HostileEncoded + "\"", pages[0].Html, StringComparison.Ordinal);
        Assert.Contains("value=\"" + HostileEncoded + "\" aria-invalid=\"true\" aria-describedby=\"email-error\"", pages[1].Html, StringComparison.Ordinal);
        Assert.Contains(">" + HostileEncoded + "</textarea>", pages[1].Html, StringComparison.Ordinal);
        Assert.Contains("value=\"" + HostileEncoded + "\" aria-invalid=\"true\" aria-describedby=\"phone-error\"", pages[1].Html, StringComparison.Ordinal);
        Assert.Contains("value=\"" + HostileEncoded + "\"", pages[2].Html, StringComparison.Ordinal);
        Assert.Contains("<dd>Jane " + HostileEncoded + "</dd>", pages[3].Html, StringComparison.Ordinal);
        Assert.Contains("<p>Call " + HostileEncoded + "</p>", pages[3].Html, StringComparison.Ordinal);
        Assert.Contains("<p>Call " + HostileEncoded + "</p>", pages[4].Html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"eyebrow\">Dr. " + HostileEncoded + "</p>", pages[4].Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLinks_UsedExpiredAndRevoked_EachHaveTheir410PageWithTheContactMessage()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (usedUrl, usedPath, _) = await app.CalendarAndLinkAsync();
        var (_, expiredPath, _) = await app.LinkAsync(new { expiresAt = TestApp.DefaultNow.AddHours(1), note = Note });
        var (_, revokedPath, revokedId) = await app.LinkAsync();
        await app.BookJsonAsync(usedUrl, FirstSlotValue);
        await app.RevokeAsync(revokedId);
        app.Time.Advance(TimeSpan.FromHours(2));
        using var browser = app.Browser();

        foreach (var (path, kind, title, sentence) in new[]
        {
            (usedPath, "used", "This link has been used", "has already been used to book a time"),
            (expiredPath, "expired", "This link has expired", "expired on Monday 7 December 2026, 09:00 (Europe/Berlin)"),
            (revokedPath, "revoked", "This link has been withdrawn", "has withdrawn it"),
        })
        {
            var (response, html) = await browser.GetPageAsync(path);
            AssertHtml(response, HttpStatusCode.Gone, html, kind);
            AssertPageHeaders(response, kind);
            Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
            Assert.Contains(sentence, html, StringComparison.Ordinal);
            Assert.Contains("<h2 id=\"contact-heading\">Please contact the owner</h2>", html, StringComparison.Ordinal);
            Assert.Contains("<p>Please call us on &#x2B;49 30 1234567.</p>", html, StringComparison.Ordinal); // '+' too is encoded
            Assert.DoesNotContain(Note, html, StringComparison.Ordinal);
            Assert.DoesNotContain("<form", html, StringComparison.Ordinal);

            var (post, postHtml) = await browser.PostFormAsync(path + "/book", [new("start", MondaySlotValue(2)), new("name", "Jane"), new("email", "jane@example.com")]);
            AssertHtml(post, HttpStatusCode.Gone, postHtml, kind + " POST");
            Assert.Contains($"<h1>{title}</h1>", postHtml, StringComparison.Ordinal);
        }

        Assert.Equal(1, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task UnknownOrMalformedToken_Is404PageInTheSameWords_WithNoFrameworkPage()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        var unknown = path[..^3] + (path[^3..] == "AAA" ? "EEE" : "AAA"); // still well-formed base64url, another secret
        using var browser = app.Browser();

        var (malformed, malformedHtml) = await browser.GetPageAsync("/api/l/not-a-token");
        var (wrongSecret, wrongSecretHtml) = await browser.GetPageAsync(unknown);
        var (post, postHtml) = await browser.PostFormAsync("/api/l/not-a-token/book", [new("start", FirstSlotValue)]);
        var (booking, bookingHtml) = await browser.GetPageAsync(path + "/bookings/0123456789abcdef0123456789abcdef");
        var (ics, _) = await browser.GetPageAsync(path + "/bookings/0123456789abcdef0123456789abcdef/ics");

        foreach (var (what, response, html) in new[] { ("malformed", malformed, malformedHtml), ("wrong secret", wrongSecret, wrongSecretHtml), ("form post", post, postHtml), ("booking", booking, bookingHtml) })
        {
            AssertHtml(response, HttpStatusCode.NotFound, html, what);
            AssertPageHeaders(response, what);
            Assert.Contains("<h1>This link is not valid</h1>", html, StringComparison.Ordinal);
            Assert.Contains("Please check that you copied the whole link, or contact the person who sent it to you.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
            Assert.Equal(malformedHtml, html);
        }

        Assert.Equal(HttpStatusCode.NotFound, ics.StatusCode);
        AssertPageHeaders(ics, "ics 404");
    }

    [Fact]
    public async Task PageHeaders_AreOnEveryKindOfPageResponse()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();
        var responses = new List<(string What, HttpResponseMessage Response)>();

        var (page, html) = await browser.GetPageAsync(path);
        responses.Add(("booking page", page));
        responses.Add(("422", (await browser.PostFormAsync(path + "/book", FormFrom(html, FirstSlotValue, name: ""))).Response));
        responses.Add(("409", (await browser.PostFormAsync(path + "/book", FormFrom(html, "2026-12-07T08:10:00Z"))).Response));
        var (seeOther, _) = await browser.PostFormAsync(path + "/book", FormFrom(html, FirstSlotValue));
        responses.Add(("303", seeOther));
        var location = seeOther.Headers.Location!.OriginalString;
        responses.Add(("confirmation", (await browser.GetPageAsync(location)).Response));
        responses.Add((".ics", (await browser.GetPageAsync(location.Split('?')[0] + "/ics")).Response));
        responses.Add(("410", (await browser.GetPageAsync(path)).Response));
        responses.Add(("404", (await browser.GetPageAsync("/api/l/x")).Response));

        Assert.Equal(
            [200, 422, 409, 303, 200, 200, 410, 404],
            responses.Select(r => (int)r.Response.StatusCode));
        foreach (var (what, response) in responses)
        {
            AssertPageHeaders(response, what);
        }
    }

    [Fact]
    public async Task FrameAncestors_ComeFromConfiguration_AndAMalformedValueStopsStartUp()
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Pages:FrameAncestors"] = "https://crm.example.com https://*.crm.example.com",
        });
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();

        var (page, _) = await browser.GetPageAsync(path);
        var (notFound, _) = await browser.GetPageAsync("/api/l/x");

        AssertPageHeaders(page, "booking page", "https://crm.example.com https://*.crm.example.com");
        AssertPageHeaders(notFound, "404", "https://crm.example.com https://*.crm.example.com");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var broken = await TestApp.StartAsync(azurite, new Dictionary<string, string?>
            {
                ["Pages:FrameAncestors"] = "'none'; script-src *",
            });
        });
    }

    [Fact]
    public async Task CalendarFile_IsRfc5545WithTheBookingIdAsUidUtcTimesAndEscapedText()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync(
            Infrastructure.Api.BerlinCalendar(name: "Dr. Smith, PhD; Berlin \\ Mitte", contactMessage: "Call us,\nplease; we are here " + new string('x', 120)));
        using var browser = app.Browser();
        var (_, page) = await browser.GetPageAsync(path);
        var (booked, _) = await browser.PostFormAsync(path + "/book", FormFrom(page, FirstSlotValue, message: "Line one\nLine two"));
        var location = booked.Headers.Location!.OriginalString.Split('?')[0];
        var bookingId = location[(location.LastIndexOf('/') + 1)..];

        var response = await browser.GetAsync(new Uri(location + "/ics", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var ics = Encoding.UTF8.GetString(bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        AssertPageHeaders(response, ".ics");
        // Ical.Net writes the calendar's properties in its own order; RFC 5545 gives them none.
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nPRODID:", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nMETHOD:PUBLISH\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var lines = ics.Split("\r\n")[..^1];
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Line longer than 75 octets: {line}"));
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains($"\r\nUID:{bookingId}\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART:20261207T080000Z\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20261207T083000Z\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20261207T070000Z\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nSUMMARY:Appointment with Dr. Smith\\, PhD\\; Berlin \\\\ Mitte\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("Message: Line one\\nLine two", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nORGANIZER;CN=\"Dr. Smith, PhD; Berlin \\ Mitte\":urn:onetimelinks:calendar:dr-smith\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("Call us\\,\\nplease\\; we are here xxx", unfolded, StringComparison.Ordinal);
        Assert.DoesNotContain(Note, unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_AreTheAppsOwnFiles_WithHashedNamesLongCacheAndNosniff()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        using var browser = app.Browser();
        var (_, html) = await browser.GetPageAsync(path);
        var css = StyleSheetHref().Match(html).Groups[1].Value;
        var js = ScriptSrc().Match(html).Groups[1].Value;

        Assert.Matches("^/api/assets/site\\.[0-9a-f]{16}\\.css$", css);
        Assert.Matches("^/api/assets/booking\\.[0-9a-f]{16}\\.js$", js);
        Assert.DoesNotMatch("(?i)(https?:)?//", string.Join(" ", System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value)));
        foreach (var (url, type) in new[] { (css, "text/css"), (js, "text/javascript") })
        {
            using var response = await browser.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Contains("max-age=31536000", Header(response, "Cache-Control"), StringComparison.Ordinal);
            Assert.Contains("immutable", Header(response, "Cache-Control"), StringComparison.Ordinal);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 500);
        }

        foreach (var unknown in new[] { "/api/assets/site.css", "/api/assets/site.0000000000000000.css", "/api/assets/..%2Fhost.json", "/api/assets/host.json" })
        {
            using var response = await browser.GetAsync(new Uri(unknown, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
