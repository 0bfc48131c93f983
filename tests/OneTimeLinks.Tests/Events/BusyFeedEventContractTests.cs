using Azure.Messaging;
using Azure.Messaging.ServiceBus;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Tests.Events;

/// <summary>
/// The busy-feed events as published (docs/events.md): valid CloudEvents about a calendar (subject without a link),
/// through the real publisher and a mocked sender.
/// </summary>
public sealed class BusyFeedEventContractTests
{
    private static readonly DateTimeOffset Now = TestClock.Pinned;

    private static async Task<(ServiceBusMessage Message, CloudEvent Event, string Data)> PublishAsync(LinkEvent linkEvent)
    {
        var message = await ServiceBusSenderCapture.PublishAloneAsync(linkEvent);
        var cloudEvent = CloudEvent.Parse(message.Body)!;
        Assert.Equal(linkEvent.Id, message.MessageId);
        Assert.Equal(linkEvent.Id, cloudEvent.Id);
        Assert.Equal(linkEvent.Type, cloudEvent.Type);
        Assert.Equal("/onetimelinks", cloudEvent.Source);
        Assert.Equal(Now, cloudEvent.Time);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.Equal("calendars/dr-smith", cloudEvent.Subject);
        Assert.Equal(linkEvent.Type, message.ApplicationProperties["eventType"]);
        Assert.Equal("dr-smith", message.ApplicationProperties["calendarId"]);
        return (message, cloudEvent, cloudEvent.Data!.ToString());
    }

    // The wire text as the app's encoder writes it ('+' escaped, the same JSON value as docs/events.md shows).
    [Fact]
    public async Task FeedFailing_IsACalendarCloudEventWithTheFeedAndItsLastError()
    {
        var status = new BusyFeedStatus(Now.AddHours(-3), "http-404", Now, 4, 10, []);

        var (_, _, data) = await PublishAsync(BusyFeedEvents.FeedFailing("dr-smith", "google", status, Now));

        Assert.Equal(
            """{"calendarId":"dr-smith","feedId":"google","consecutiveFailures":10,"lastError":"http-404","lastErrorAt":"2026-12-07T07:00:00\u002B00:00","lastSyncedAt":"2026-12-07T04:00:00\u002B00:00"}""",
            data);
    }

    [Fact]
    public async Task Conflict_IsACalendarCloudEventWithTheSourceAndTheBookings()
    {
        BookingConflict[] conflicts = [new("b1", Now.AddHours(2), Now.AddHours(2.5))];

        var (_, _, data) = await PublishAsync(BusyFeedEvents.Conflict("dr-smith", "google", conflicts, Now));

        Assert.Equal(
            """{"calendarId":"dr-smith","source":"feed:google","feedId":"google","conflicts":[{"bookingId":"b1","start":"2026-12-07T09:00:00\u002B00:00","end":"2026-12-07T09:30:00\u002B00:00"}]}""",
            data);
    }
}
