using Azure.Core;
using static OneTimeLinks.Tests.BookingFeeds.BookingFeedApi;

namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>
/// What serving a feed costs, counted on the wire by a pipeline policy on the app's TableClient (as RoundTripTests
/// counts): two point reads (calendar and feed row, together) and one range query; nothing for a malformed token, and
/// no query for an unknown one. Never a write.
/// </summary>
public sealed class BookingFeedStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Only requests to the calendar's partition: the app's timers (sweep, webhook retries) query other partitions meanwhile.
    private readonly StorageRequestRecorder _log = new(message =>
        Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains("c|" + CalendarId, StringComparison.Ordinal)
            ? StorageRequestKinds.Of(message)
            : "elsewhere");

    [Fact]
    public async Task Get_FeedWithBookings_TwoPointReadsAndOneRangeQuery()
    {
        // Arrange
        await using var app = await StartCountingAsync();
        var url = await app.MintFeedUrlAsync();
        for (var i = 0; i < 3; i++)
        {
            await app.BookTitledAsync(MondaySlot(2 * i));
        }

        // Act
        var valid = await MeasureAsync(() => app.ReadFeedAsync(url));
        var unknown = await MeasureAsync(async () =>
        {
            using var response = await app.GetFeedAsync(WithAnotherSecret(url));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        });
        var malformed = await MeasureAsync(async () =>
        {
            using var response = await app.Public.GetAsync(new Uri("/api/feeds/dr-smith.nope.ics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        });

        // Assert
        Assert.Equal(["query", "read", "read"], valid.Order(StringComparer.Ordinal));
        Assert.Equal(["read", "read"], unknown);
        Assert.Empty(malformed);
    }

    private async Task<List<string>> MeasureAsync(Func<Task> call)
    {
        _log.Drain();
        await call();
        // An earlier call's events may still be published meanwhile: their outbox deletes are not this call's.
        return [.. _log.Drain().Where(kind => kind is not ("delete outbox" or "queue" or "elsewhere"))];
    }

    private Task<TestApp> StartCountingAsync() => StartWithCalendarAsync(azurite, services => services.ReplaceTableClient(_log));
}
