using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// Links of <see cref="Status"/> (as at <see cref="Now"/>) whose note or contact holds <see cref="Text"/> (ignoring case),
/// newest first after <see cref="AfterLinkId"/>: up to <see cref="PageSize"/> of them, reading at most
/// <see cref="MaxRows"/> rows.
/// </summary>
internal sealed record LinkSearchQuery(
    string CalendarId,
    LinkStatus Status,
    DateTimeOffset Now,
    string Text,
    string? AfterLinkId,
    int PageSize,
    int MaxRows);

/// <summary>
/// Bounded scans of a calendar's link rows that read only the columns they need: the panel's counts by status and its
/// search by note or contact (Table storage has no substring filter).
/// </summary>
internal interface ILinkScanStore
{
    /// <summary>The links by status (an active row past its expiry counts as expired), reading at most <paramref name="maxRows"/>.</summary>
    Task<LinkCounts> CountByStatusAsync(string calendarId, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default);

    /// <summary>The links <paramref name="query"/> finds; the id to continue after, or null when the status's rows are all read.</summary>
    Task<(IReadOnlyList<Link> Links, string? NextAfterLinkId)> SearchAsync(LinkSearchQuery query, CancellationToken cancellationToken = default);
}
