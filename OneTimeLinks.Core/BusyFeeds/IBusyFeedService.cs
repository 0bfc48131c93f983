namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>A calendar's iCalendar feeds of busy time: configured one by one, or all at once by the calendar PUT.</summary>
public interface IBusyFeedService
{
    /// <summary>Creates or replaces one feed; the URL is checked (shape, and every address its host resolves to) first.</summary>
    Task<SaveBusyFeedOutcome> SaveAsync(string calendarId, string feedId, BusyFeedRequest? request, CancellationToken cancellationToken = default);

    /// <summary>Removes the feed and the busy time it imported from now on.</summary>
    Task<DeleteBusyFeedOutcome> DeleteAsync(string calendarId, string feedId, CancellationToken cancellationToken = default);

    /// <summary>The calendar's feeds, by id; empty for a calendar without any (or one that does not exist).</summary>
    Task<IReadOnlyList<BusyFeed>> ListAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>The calendar's feeds with how their refreshes go and when the next one is due (two reads sent together).</summary>
    Task<IReadOnlyList<BusyFeedWithStatus>> ListWithStatusAsync(string calendarId, CancellationToken cancellationToken = default);
}
