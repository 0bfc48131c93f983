using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// How a feed's refreshes go, as <c>GET /api/calendars/{calendarId}</c> shows it. <see cref="LastSyncedAt"/> is the last
/// fetch that succeeded (a 304 or unchanged content included, once a failure needed clearing; otherwise unchanged
/// feeds write nothing). <see cref="LastError"/> stays until a fetch succeeds; the last good busy time stays meanwhile.
/// </summary>
public sealed record BusyFeedStatus(
    DateTimeOffset? LastSyncedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int EventCount,
    int ConsecutiveFailures,
    IReadOnlyList<BookingConflict> Conflicts)
{
    public static BusyFeedStatus Never { get; } = new(null, null, null, 0, 0, []);
}
