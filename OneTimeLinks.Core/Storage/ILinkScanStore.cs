using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// Bounded scans of a calendar's link rows that read only the columns they need: the panel's counts by status and its
/// search by note or contact (Table storage has no substring filter).
/// </summary>
internal interface ILinkScanStore
{
    /// <summary>The links by status (an active row past its expiry counts as expired), reading at most <paramref name="maxRows"/>.</summary>
    Task<LinkCounts> CountByStatusAsync(string calendarId, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="pageSize"/> links of <paramref name="status"/> whose note or contact holds
    /// <paramref name="text"/> (ignoring case), newest first after <paramref name="afterLinkId"/>, reading at most
    /// <paramref name="maxRows"/> rows; the id to continue after, or null when the status's rows are all read.
    /// </summary>
    Task<(IReadOnlyList<Link> Links, string? NextAfterLinkId)> SearchAsync(
        string calendarId,
        LinkStatus status,
        DateTimeOffset now,
        string text,
        string? afterLinkId,
        int pageSize,
        int maxRows,
        CancellationToken cancellationToken = default);
}
