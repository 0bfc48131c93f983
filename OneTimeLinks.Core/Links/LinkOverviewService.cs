using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Links;

/// <summary>Counts and search over a calendar's link rows for the owner's panel (<see cref="ILinkOverviewService"/>).</summary>
internal sealed class LinkOverviewService(ILinkScanStore store, ICalendarStore calendars, TimeProvider time) : ILinkOverviewService
{
    public async Task<LinkCounts?> CountAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId) || await calendars.GetCalendarAsync(calendarId, cancellationToken) is null)
        {
            return null;
        }

        return await store.CountByStatusAsync(calendarId, time.GetUtcNow(), LinkOverviewLimits.CountedRows, cancellationToken);
    }

    public async Task<SearchLinksOutcome> SearchAsync(
        string calendarId, LinkStatus status, string? text, string? afterLinkId, CancellationToken cancellationToken = default)
    {
        var trimmed = text?.Trim();
        if (trimmed is not { Length: > 0 and <= LinkOverviewLimits.MaxSearchLength }
            || trimmed.Any(char.IsControl)
            || (afterLinkId is not null && !LinkIds.IsValid(afterLinkId)))
        {
            return new SearchLinksOutcome.Invalid();
        }

        if (!CalendarValidator.IsValidCalendarId(calendarId) || await calendars.GetCalendarAsync(calendarId, cancellationToken) is null)
        {
            return new SearchLinksOutcome.CalendarNotFound();
        }

        var (links, next) = await store.SearchAsync(
            new LinkSearchQuery(calendarId, status, time.GetUtcNow(), trimmed, afterLinkId, LinkOverviewLimits.SearchPageSize, LinkOverviewLimits.SearchedRows),
            cancellationToken);
        return new SearchLinksOutcome.Listed(links, next);
    }
}
