using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Tests.BusyFeeds;

namespace OneTimeLinks.Benchmarks;

/// <summary>What one timer run over unchanged feeds cost: the feed server's count of requests and the app's storage requests.</summary>
internal sealed record BusyFeedRefreshResult(
    int Feeds,
    int Calendars,
    int Due,
    int HttpRequests,
    int Conditional,
    int NotModified,
    double Milliseconds,
    IReadOnlyDictionary<string, int> StorageRequests);

/// <summary>Serving the booking feed of a calendar: time per GET and per 304, the answer's size, storage requests per GET.</summary>
internal sealed record BookingFeedResult(
    int Bookings,
    double SeedSeconds,
    int Events,
    long Bytes,
    LoadResult Get,
    IReadOnlyDictionary<string, int> GetStorageRequests,
    LoadResult NotModified,
    IReadOnlyDictionary<string, int> NotModifiedStorageRequests);

/// <summary>
/// (8) iCalendar feeds. Busy feeds served by the tests' Kestrel feed server on 127.0.0.1 (it counts what it receives and
/// answers 304 to a matching If-None-Match), with <c>BusyFeeds:AllowLoopbackHttp</c> on; the booking feed read over HTTP.
/// </summary>
internal static class FeedsBench
{
    private const int FeedsPerCalendar = 5;

    /// <summary>
    /// <paramref name="feeds"/> feeds of 15 minutes, five per calendar, each imported once; then one timer run at a
    /// quarter hour (the last run a minute before) finds them all due through the refresh index and refreshes them unchanged.
    /// </summary>
    public static async Task<BusyFeedRefreshResult> RefreshUnchangedAsync(string connectionString, int feeds, Action<string> progress)
    {
        await using var server = await FeedServer.StartAsync();
        server.Ics = BusyIcs();
        await using var app = await BenchApp.StartAsync(connectionString, settings: new Dictionary<string, string?>
        {
            ["BusyFeeds:AllowLoopbackHttp"] = "true",
        });
        var calendars = (feeds + FeedsPerCalendar - 1) / FeedsPerCalendar;
        progress($"busy feeds: {feeds} feeds in {calendars} calendars, imported once");
        var run = app.Services.GetRequiredService<IBusyFeedRefreshRun>();
        for (var c = 0; c < calendars; c++)
        {
            var calendarId = $"feeds{c:D3}";
            await app.CreateCalendarAsync(calendarId);
            for (var f = 0; f < Math.Min(FeedsPerCalendar, feeds - (c * FeedsPerCalendar)); f++)
            {
                var feedId = $"feed-{f}";
                using var put = await app.Http.PutAsJsonAsync($"/api/calendars/{calendarId}/busy-feeds/{feedId}", new
                {
                    url = server.Url($"/{calendarId}/{feedId}.ics").ToString(), refreshMinutes = 15,
                });
                put.EnsureSuccessStatusCode();
                var first = await run.RefreshAsync(calendarId, feedId);
                if (first != BusyFeedRefreshOutcome.Imported)
                {
                    throw new InvalidOperationException($"The first refresh of {calendarId}/{feedId} was {first}, not Imported.");
                }
            }
        }

        // The timer's clock at 10 s past the next quarter hour, so every 15-minute feed is due; the last run a minute before.
        var now = TimeProvider.System.GetUtcNow();
        var quarter = DateTimeOffset.UnixEpoch.AddMinutes((Math.Floor((now - DateTimeOffset.UnixEpoch).TotalMinutes / 15) + 1) * 15);
        app.Clock.Offset = quarter.AddSeconds(10) - now;

        // The imports' events and their webhook fan-out, done before counting: the recorder sees every table request.
        await app.WhenBackgroundDoneAsync();
        // The ETag the server gives the feed's text: a request carrying it is answered 304.
        using var probe = new HttpClient();
        using var probed = await probe.GetAsync(server.Url("/probe.ics"));
        var etag = probed.Headers.ETag?.Tag;
        var before = server.Requests.Count;
        app.Recorder.Drain();
        progress("busy feeds: one timer run over the unchanged feeds");
        var clock = Stopwatch.StartNew();
        var due = await run.RefreshDueAsync(app.Clock.GetUtcNow().AddMinutes(-1));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await app.WhenBackgroundDoneAsync();
        var storage = ByKind(app.Recorder.Drain());
        var received = server.Requests.Skip(before).ToList();
        return new BusyFeedRefreshResult(
            feeds,
            calendars,
            due,
            received.Count,
            received.Count(r => r.IfNoneMatch is not null),
            received.Count(r => r.IfNoneMatch == etag),
            elapsed,
            storage);
    }

    /// <summary>
    /// A wide calendar with <paramref name="bookings"/> bookings made over the API (links generated in batches of 500, each
    /// booked once, 16 clients), a minted feed; then GETs of the feed one at a time and conditional GETs with its ETag.
    /// </summary>
    public static async Task<BookingFeedResult> ServeBookingFeedAsync(string connectionString, int bookings, int gets, Action<string> progress)
    {
        await using var app = await BenchApp.StartAsync(connectionString);
        const string CalendarId = "feed";
        await app.CreateCalendarAsync(CalendarId);
        progress($"booking feed: seeding {bookings} bookings through the API");
        var seed = Stopwatch.StartNew();
        var links = new List<string>();
        for (var sent = 0; sent < bookings; sent += 500)
        {
            links.AddRange(await BatchUrlsAsync(app, CalendarId, Math.Min(500, bookings - sent), $"feed{sent}"));
        }

        var booked = await Load.RunAsync(16, links.Count, async i => await app.BookAsync(links[i], BenchApp.Slot(i)) == 201);
        if (booked.Failures > 0)
        {
            throw new InvalidOperationException($"{booked.Failures} of {links.Count} bookings were not answered 201.");
        }

        var seedSeconds = seed.Elapsed.TotalSeconds;
        await app.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
        using var mint = await app.Http.PostAsync($"/api/calendars/{CalendarId}/booking-feed", null);
        mint.EnsureSuccessStatusCode();
        var feed = new Uri(JsonNode.Parse(await mint.Content.ReadAsStringAsync())!["url"]!.GetValue<string>()).PathAndQuery;

        // An anonymous subscriber, as a calendar client is: no function key.
        using var subscriber = new HttpClient { BaseAddress = app.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using (var warm = await subscriber.GetAsync(feed))
        {
            warm.EnsureSuccessStatusCode();
        }

        progress($"booking feed: {gets} GETs and {gets} conditional GETs");
        long bytes = 0;
        var events = 0;
        EntityTagHeaderValue? etag = null;
        app.Recorder.Drain();
        var get = await Load.RunAsync(1, gets, async _ =>
        {
            using var response = await subscriber.GetAsync(feed);
            var body = await response.Content.ReadAsByteArrayAsync();
            bytes = body.Length;
            events = CountOf(Encoding.UTF8.GetString(body), "BEGIN:VEVENT");
            etag = response.Headers.ETag;
            return response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/calendar";
        });
        var getStorage = ByKind(app.Recorder.Drain());
        var notModified = await Load.RunAsync(1, gets, async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, feed);
            request.Headers.IfNoneMatch.Add(etag!);
            using var response = await subscriber.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.NotModified;
        });
        var notModifiedStorage = ByKind(app.Recorder.Drain());
        return new BookingFeedResult(bookings, seedSeconds, events, bytes, get, getStorage, notModified, notModifiedStorage);
    }

    private static async Task<List<string>> BatchUrlsAsync(BenchApp app, string calendarId, int count, string prefix)
    {
        var links = Enumerable.Range(0, count).Select(i => new { requestId = $"{prefix}-{i}" });
        using var response = await app.Http.PostAsJsonAsync($"/api/calendars/{calendarId}/links/batch", new { links });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. body["results"]!.AsArray().Select(r => new Uri(r!["link"]!["url"]!.GetValue<string>()).PathAndQuery)];
    }

    /// <summary>Storage requests by kind, totals over what was measured.</summary>
    private static Dictionary<string, int> ByKind(List<string> requests) =>
        requests.GroupBy(r => r).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A small Google-style feed: three one-hour events a week, next week and the week after, in UTC.</summary>
    private static string BusyIcs()
    {
        var monday = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(7 - ((int)TimeProvider.System.GetUtcNow().DayOfWeek + 6) % 7);
        var text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n");
        for (var i = 0; i < 6; i++)
        {
            var start = monday.AddDays((i / 3 * 7) + (i % 3 * 2)).AddHours(9);
            text.Append(CultureInfo.InvariantCulture,
                $"BEGIN:VEVENT\r\nUID:bench-{i}@example.com\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:{start:yyyyMMdd'T'HHmmss'Z'}\r\nDTEND:{start.AddHours(1):yyyyMMdd'T'HHmmss'Z'}\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n");
        }

        return text.Append("END:VCALENDAR\r\n").ToString();
    }
}
