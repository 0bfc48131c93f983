using System.Text.Json;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>The busy-feed events' data: public contract, documented in docs/events.md. They belong to a calendar, not a link.</summary>
internal static class BusyFeedEvents
{
    private static JsonSerializerOptions Json => ReadableJson.EventData;

    public static LinkEvent FeedFailing(string calendarId, string feedId, BusyFeedStatus status, DateTimeOffset now) =>
        Create(LinkEventTypes.CalendarFeedFailing, calendarId, now, new
        {
            CalendarId = calendarId,
            FeedId = feedId,
            status.ConsecutiveFailures,
            status.LastError,
            status.LastErrorAt,
            status.LastSyncedAt,
        });

    public static LinkEvent Conflict(string calendarId, string feedId, IReadOnlyList<BookingConflict> conflicts, DateTimeOffset now) =>
        Create(LinkEventTypes.CalendarConflict, calendarId, now, new
        {
            CalendarId = calendarId,
            Source = BusySources.Feed(feedId),
            FeedId = feedId,
            Conflicts = conflicts,
        });

    private static LinkEvent Create(string type, string calendarId, DateTimeOffset now, object data) =>
        new(Guid.NewGuid().ToString("N"), type, calendarId, "", now, JsonSerializer.Serialize(data, Json));
}
