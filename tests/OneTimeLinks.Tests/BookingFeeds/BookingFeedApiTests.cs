using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using OneTimeLinks.Tests.BookingChanges;
using static OneTimeLinks.Tests.BookingFeeds.BookingFeedApi;

namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>
/// Issue 25, "A feed of the bookings": the CRM mints a capability URL, calendar apps read the bookings from it as
/// iCalendar (read back by ical.js and Ical.Net), minting again kills the old URL, and the feed answers conditionally.
/// </summary>
public sealed partial class BookingFeedApiTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    [GeneratedRegex(@"^https?://[^/]+/api/feeds/dr-smith\.([A-Za-z0-9_-]{43})\.ics$")]
    private static partial Regex FeedUrl();

    [Fact]
    public async Task Mint_KnownCalendar_AnswersTheUrlOnceAndStoresOnlyItsHash()
    {
        // Act
        using var response = await App.MintFeedAsync();

        // Assert
        var body = await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Null(response.Headers.Location);
        var match = FeedUrl().Match(body["url"]!.GetValue<string>());
        Assert.True(match.Success, body.ToJsonString());
        Assert.Equal(App.Time.GetUtcNow(), Instant(body["createdAt"]));
        var secret = match.Groups[1].Value;
        var row = (await App.Table.GetEntityAsync<TableEntity>("c|" + CalendarId, "bookingfeed")).Value;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret))), row.GetString("TokenHash"));
        await foreach (var stored in App.Table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(((IDictionary<string, object>)stored).Values, v => v is string s && s.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Mint_UnknownCalendar_Answers404AndWritesNothing()
    {
        // Arrange
        var before = await App.RowsAsync();

        // Act
        using var unknown = await App.MintFeedAsync("no-such-calendar");
        using var malformed = await App.MintFeedAsync("bad.calendar");

        // Assert
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True((int)malformed.StatusCode is 404, $"got {(int)malformed.StatusCode}");
        Assert.Equal(before, await App.RowsAsync());
    }

    [Fact]
    public async Task Mint_Again_OldUrlAnswers404AndTheNewOneServes()
    {
        // Arrange
        var first = await App.MintFeedUrlAsync();
        await App.ReadFeedAsync(first);

        // Act
        var second = await App.MintFeedUrlAsync();

        // Assert
        Assert.NotEqual(first, second);
        using var old = await App.GetFeedAsync(first);
        await old.AssertProblemAsync(HttpStatusCode.NotFound);
        await App.ReadFeedAsync(second);
    }

    [Fact]
    public async Task Mint_FiveAtOnce_ExactlyOneUrlServes()
    {
        // Act
        var urls = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => App.MintFeedUrlAsync()));

        // Assert
        var statuses = new List<HttpStatusCode>();
        foreach (var url in urls)
        {
            using var response = await App.GetFeedAsync(url);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, urls.Distinct().Count());
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Disable_MintedFeed_UrlAnswers404AndASecondDisable404()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();

        // Act
        using var disabled = await App.Management.DeleteAsync(new Uri(FeedPath, UriKind.Relative));
        using var again = await App.Management.DeleteAsync(new Uri(FeedPath, UriKind.Relative));

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
        using var feed = await App.GetFeedAsync(url);
        await feed.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_OneBooking_IcalJsAndIcalNetReadItsEvent()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();
        var bookingId = await App.BookTitledAsync(FirstSlot);

        // Act
        using var response = await App.GetFeedAsync(url);
        var ics = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.True(response.Headers.CacheControl?.Private, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);

        var js = IcalJsFeedReader.Read(ics);
        Assert.True(js.Error is null, js.Error);
        var read = Assert.Single(js.Events);
        Assert.Equal(bookingId, read.Uid);
        Assert.Equal(0, read.Sequence);
        Assert.Equal("CONFIRMED", read.Status);
        Assert.Equal("Consultation: Jane Doe", read.Summary);
        Assert.Equal($"Invitee: Jane Doe <jane@example.com>\nNote: Lead 42\nBooking: {bookingId}", read.Description);
        Assert.Equal(Utc(FirstSlot), read.Start);
        Assert.Equal(Utc(FirstSlot.AddMinutes(30)), read.End);
        Assert.Equal(Utc(App.Time.GetUtcNow()), read.DtStamp);
        Assert.Equal(Utc(App.Time.GetUtcNow()), read.LastModified);

        var net = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);
        Assert.Equal(bookingId, net.Uid);
        Assert.Equal(0, net.Sequence);
        Assert.Equal("CONFIRMED", net.Status);
        Assert.Equal("Consultation: Jane Doe", net.Summary);
        Assert.Equal(FirstSlot.UtcDateTime, net.DtStart!.AsUtc);
    }

    [Fact]
    public async Task Get_AfterReschedule_SameUidWithAHigherSequenceAndTheNewTime()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();
        var bookingId = await App.BookTitledAsync(FirstSlot);
        var before = IcalJsFeedReader.Read(await App.ReadFeedAsync(url)).Events.Single();
        App.Time.Advance(TimeSpan.FromMinutes(3));

        // Act
        using var moved = await App.CrmRescheduleAsync(bookingId, MondaySlot(4));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var ics = await App.ReadFeedAsync(url);

        // Assert
        var after = Assert.Single(IcalJsFeedReader.Read(ics).Events);
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(0, before.Sequence);
        Assert.Equal(1, after.Sequence);
        Assert.Equal(Utc(MondaySlot(4)), after.Start);
        Assert.Equal(Utc(App.Time.GetUtcNow()), after.LastModified);
        var net = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);
        Assert.Equal((bookingId, 1), (net.Uid, net.Sequence));
    }

    [Fact]
    public async Task Get_AfterCancel_StatusCancelledWithAHigherSequence()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();
        var bookingId = await App.BookTitledAsync(FirstSlot);

        // Act
        using var canceled = await App.CrmCancelAsync(bookingId, "Doctor is ill");
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        var ics = await App.ReadFeedAsync(url);

        // Assert
        var read = Assert.Single(IcalJsFeedReader.Read(ics).Events);
        Assert.Equal((bookingId, "CANCELLED", 1), (read.Uid, read.Status, read.Sequence));
        var net = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);
        Assert.Equal("CANCELLED", net.Status);
    }

    [Fact]
    public async Task Get_ConditionalRequests_Answer304UntilABookingChanges()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();
        await App.BookTitledAsync(FirstSlot);
        using var first = await App.GetFeedAsync(url);
        var etag = first.Headers.ETag!.ToString();
        var lastModified = first.Content.Headers.LastModified!.Value;

        // Act
        using var byEtag = await App.GetFeedAsync(url, ifNoneMatch: etag);
        using var byDate = await App.GetFeedAsync(url, ifModifiedSince: lastModified);
        using var otherEtag = await App.GetFeedAsync(url, ifNoneMatch: "\"something-else\"", ifModifiedSince: lastModified);
        App.Time.Advance(TimeSpan.FromMinutes(1));
        await App.BookTitledAsync(MondaySlot(2));
        using var afterBooking = await App.GetFeedAsync(url, ifNoneMatch: etag);
        using var afterBookingByDate = await App.GetFeedAsync(url, ifModifiedSince: lastModified);

        // Assert
        Assert.Equal(HttpStatusCode.NotModified, byEtag.StatusCode);
        Assert.Equal(etag, byEtag.Headers.ETag!.ToString());
        Assert.Empty(await byEtag.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, byDate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherEtag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterBooking.StatusCode);
        Assert.NotEqual(etag, afterBooking.Headers.ETag!.ToString());
        Assert.Equal(2, IcalJsFeedReader.Read(await afterBooking.Content.ReadAsStringAsync()).Events.Count);
        Assert.Equal(HttpStatusCode.OK, afterBookingByDate.StatusCode);
    }

    [Fact]
    public async Task Get_FieldsMinimal_DropsTheInviteesNameAndEmail()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();
        var bookingId = await App.BookTitledAsync(FirstSlot, name: "Jane Doe", email: "jane@example.com");

        // Act
        var full = await App.ReadFeedAsync(url);
        var minimal = await App.ReadFeedAsync(url, "?fields=minimal");

        // Assert
        Assert.Contains("jane@example.com", full, StringComparison.Ordinal);
        Assert.Contains("Jane Doe", full, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", minimal, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", minimal, StringComparison.Ordinal);
        Assert.DoesNotContain("Lead 42", minimal, StringComparison.Ordinal);
        var read = Assert.Single(IcalJsFeedReader.Read(minimal).Events);
        Assert.Equal(("Consultation", $"Booking: {bookingId}", bookingId), (read.Summary, read.Description, read.Uid));
    }

    [Fact]
    public async Task Get_BookingThatStartedMoreThan30DaysAgo_IsLeftOut()
    {
        // Arrange: two bookings an hour apart; then the clock moves to half-way between their 30th anniversaries.
        var url = await App.MintFeedUrlAsync();
        var older = await App.BookTitledAsync(FirstSlot);
        var newer = await App.BookTitledAsync(MondaySlot(2));
        App.Time.SetUtcNow(FirstSlot.AddDays(30).AddMinutes(30));

        // Act
        var ics = await App.ReadFeedAsync(url);

        // Assert
        var uids = IcalJsFeedReader.Read(ics).Events.Select(e => e.Uid).ToList();
        Assert.DoesNotContain(older, uids);
        Assert.Equal([newer], uids);
    }

    [Fact]
    public async Task Get_CanceledBooking_StaysThirtyDaysAfterTheCancelThenLeaves()
    {
        // Arrange: a booking three weeks ahead, canceled now.
        var url = await App.MintFeedUrlAsync();
        var start = MondaySlot(0).AddDays(21);
        var bookingId = await App.BookTitledAsync(start);
        using var canceled = await App.CrmCancelAsync(bookingId);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        var canceledAt = App.Time.GetUtcNow();

        // Act
        App.Time.SetUtcNow(canceledAt.AddDays(30).AddMinutes(-1));
        var kept = IcalJsFeedReader.Read(await App.ReadFeedAsync(url)).Events;
        App.Time.SetUtcNow(canceledAt.AddDays(30).AddMinutes(1));
        var later = IcalJsFeedReader.Read(await App.ReadFeedAsync(url)).Events;

        // Assert
        Assert.Equal((bookingId, "CANCELLED"), (Assert.Single(kept).Uid, kept[0].Status));
        Assert.Empty(later);
    }

    [Fact]
    public async Task Get_HostileAddresses_Answer404Or422NeverAnErrorAndWriteNothing()
    {
        // Arrange
        var url = await App.MintFeedUrlAsync();
        var file = url[(url.LastIndexOf('/') + 1)..];
        var secret = file["dr-smith.".Length..^".ics".Length];
        var before = await App.RowsAsync();
        string[] notFound =
        [
            "/api/feeds/" + file[..^4], // no .ics
            "/api/feeds/" + file[..^4] + ".ICS",
            "/api/feeds/" + file + ".ics",
            "/api/feeds/dr-smith." + (secret[0] == 'A' ? 'B' : 'A') + secret[1..] + ".ics", // one character of the secret changed
            "/api/feeds/dr-smith." + new string('A', 43) + ".ics", // well-formed, unknown
            "/api/feeds/no-such-calendar." + secret + ".ics",
            "/api/feeds/dr-smith.." + secret + ".ics",
            "/api/feeds/dr-smith." + secret + "x.ics",
            "/api/feeds/.ics",
            "/api/feeds/x",
            "/api/feeds/" + new string('a', 5000) + ".ics",
            "/api/feeds/dr-smith%2F" + secret + ".ics",
            "/api/feeds/dr-smith." + secret + "%2F.ics",
            "/api/feeds/dr-smith." + secret + "%00.ics",
            "/api/feeds/dr-smith%2E" + secret + "%2Eics%20",
            "/api/feeds/%F0%9F%98%80." + secret + ".ics",
            "/api/feeds/dr-smith." + secret + ".ics;x=y",
            "/api/feeds/%25",
            "/api/feeds/dr-smith.%3Cscript%3E.ics",
        ];

        // Act
        var answers = new List<(string Path, int Status)>();
        foreach (var path in notFound)
        {
            using var response = await App.Public.GetAsync(new Uri(path, UriKind.Relative));
            answers.Add((path, (int)response.StatusCode));
        }

        using var badFields = await App.GetFeedAsync(url, "?fields=full");
        using var twoFields = await App.GetFeedAsync(url, "?fields=minimal&fields=minimal");

        // Assert
        // Kestrel itself refuses a NUL in the path with 400 before any function runs; everything else reaches the feed and is 404.
        Assert.All(answers, a => Assert.True(a.Status == (a.Path.Contains("%00", StringComparison.Ordinal) ? 400 : 404),
            $"{a.Path[..Math.Min(a.Path.Length, 120)]}: {a.Status}"));
        await badFields.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await twoFields.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await App.RowsAsync());
        await App.ReadFeedAsync(url);
    }
}
