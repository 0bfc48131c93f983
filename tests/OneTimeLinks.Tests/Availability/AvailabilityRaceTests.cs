using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// Overlap under real concurrency: requests released at once against the runner and Azurite. Whatever wins, the
/// agenda never holds two bookings whose times (with buffers) overlap, and every answer tells the truth.
/// </summary>
public sealed class AvailabilityRaceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Nine = FirstSlot;

    private static async Task<List<string>> LinksAsync(TestApp app, int count)
    {
        var urls = new List<string>();
        for (var i = 0; i < count; i++)
        {
            urls.Add(await app.GenerateLinkUrlAsync());
        }

        return urls;
    }

    [Fact]
    public async Task Book_TwentyLinksRaceForTwentyOverlappingStarts_WinnersNeverOverlapAndLosersAre409()
    {
        // 60-minute appointments offered every 15 minutes: 09:00, 09:15 … 13:45 all overlap their neighbours.
        await using var app = await StartWithCalendarAsync(azurite, calendar: BusyApiTests.CalendarWith(slotMinutes: 60, slotIntervalMinutes: 15));
        var urls = await LinksAsync(app, 20);

        var results = await Race.AllAsync(20, i => app.BookJsonAsync(urls[i], Nine.AddMinutes(15 * i), name: $"Invitee {i}"));

        Assert.True(results.All(r => r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict), Race.Describe(results));
        var claims = (await app.AgendaClaimsAsync()).OrderBy(c => c.Start).ToList();
        Assert.Equal(results.Count(r => r.Status == HttpStatusCode.Created), claims.Count);
        Assert.Equal(claims.Count, await app.CountRowsAsync("booking|"));
        Assert.InRange(claims.Count, 1, 5);
        for (var i = 1; i < claims.Count; i++)
        {
            Assert.True(claims[i - 1].End <= claims[i].Start, $"{claims[i - 1].Start:t}-{claims[i - 1].End:t} overlaps {claims[i].Start:t}");
        }
    }

    [Fact]
    public async Task Book_TenLinksRaceOnADayLimitedToThree_ExactlyThreeWin()
    {
        await using var app = await StartWithCalendarAsync(azurite, calendar: BusyApiTests.CalendarWith(maxBookingsPerDay: 3));
        var urls = await LinksAsync(app, 10);

        var results = await Race.AllAsync(10, i => app.BookJsonAsync(urls[i], Nine.AddMinutes(30 * i), name: $"Invitee {i}"));

        Assert.True(results.Count(r => r.Status == HttpStatusCode.Created) == 3 && results.Count(r => r.Status == HttpStatusCode.Conflict) == 7, Race.Describe(results));
        Assert.Equal(3, await app.CountBookingClaimsAsync());
    }

    [Fact]
    public async Task PutBusyRacingBookings_TwentyRounds_EveryOverlapIsReportedAsAConflict()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var urls = await LinksAsync(app, 20);
        var bookedAndReported = 0;
        var refused = 0;
        for (var round = 0; round < 20; round++)
        {
            var start = Nine.AddDays(round / 8).AddMinutes(60 * (round % 8));
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var book = Task.Run(async () =>
            {
                await gate.Task;
                using var response = await app.BookJsonAsync(urls[round], start);
                return (response.StatusCode, await response.ReadObjectAsync());
            });
            var busy = Task.Run(async () =>
            {
                await gate.Task;
                using var response = await app.PutBusyAsync($"phone-{round}", start.AddMinutes(-15), start.AddMinutes(15));
                return (response.StatusCode, await response.ReadObjectAsync());
            });
            gate.SetResult();
            var (bookStatus, booking) = await book;
            var (busyStatus, saved) = await busy;

            Assert.Equal(HttpStatusCode.Created, busyStatus);
            var conflicts = saved["conflicts"]!.AsArray().Select(c => c!["bookingId"]!.GetValue<string>()).ToList();
            if (bookStatus == HttpStatusCode.Created)
            {
                // The booking committed first: the busy write saw it and reported it.
                Assert.Equal([booking["bookingId"]!.GetValue<string>()], conflicts);
                bookedAndReported++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, bookStatus);
                Assert.Empty(conflicts);
                refused++;
            }
        }

        // Every stored booking that overlaps busy time was reported when that busy time was written.
        var claims = await app.AgendaClaimsAsync();
        var bookings = claims.Where(c => c.Kind == AgendaEntryKind.Booking).ToList();
        Assert.Equal(bookedAndReported, bookings.Count);
        Assert.Equal(20, claims.Count(c => c.Kind == AgendaEntryKind.Busy));
        Assert.Equal(20, bookedAndReported + refused);
    }
}
