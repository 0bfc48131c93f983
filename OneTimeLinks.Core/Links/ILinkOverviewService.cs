using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// What the owner's panel shows above and in its links list beyond one status page: each status's count, and a
/// search by note or contact. Table storage has no substring filter, so both scan the calendar's link rows with only
/// the columns they need, bounded (docs/design.md, "Panel: links").
/// </summary>
public interface ILinkOverviewService
{
    /// <summary>The calendar's links by status; null for an unknown calendar.</summary>
    Task<LinkCounts?> CountAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links of one status whose note, contact name or contact email holds <paramref name="text"/> (ignoring case),
    /// newest first, a page at a time; <paramref name="afterLinkId"/> continues after that link.
    /// </summary>
    Task<SearchLinksOutcome> SearchAsync(
        string calendarId, LinkStatus status, string? text, string? afterLinkId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Links by status. <see cref="Capped"/>: the calendar has more links than one count reads
/// (<see cref="LinkOverviewLimits.CountedRows"/>), so each figure is a lower bound.
/// </summary>
public sealed record LinkCounts(int Active, int Used, int Expired, int Revoked, bool Capped)
{
    public int Of(LinkStatus status) => status switch
    {
        LinkStatus.Active => Active,
        LinkStatus.Used => Used,
        LinkStatus.Expired => Expired,
        _ => Revoked,
    };
}

public abstract record SearchLinksOutcome
{
    /// <summary>
    /// A page of matches; <paramref name="NextAfterLinkId"/> continues the search (more matches, or rows this page did
    /// not read: a page reads at most <see cref="LinkOverviewLimits.SearchedRows"/> rows).
    /// </summary>
    public sealed record Listed(IReadOnlyList<Link> Links, string? NextAfterLinkId) : SearchLinksOutcome;

    /// <summary>The text is empty, too long or holds control characters, or the position is not a link id.</summary>
    public sealed record Invalid : SearchLinksOutcome;

    public sealed record CalendarNotFound : SearchLinksOutcome, ICalendarNotFoundOutcome;
}

/// <summary>The bounds of the panel's scans of a calendar's link rows.</summary>
public static class LinkOverviewLimits
{
    /// <summary>Rows one count reads at most; past it the counts are lower bounds.</summary>
    public const int CountedRows = 5_000;

    /// <summary>Rows one search page reads at most; past it the page ends and "Show more" reads on.</summary>
    public const int SearchedRows = 2_000;

    /// <summary>Matches on one search page.</summary>
    public const int SearchPageSize = 20;

    /// <summary>The longest search text.</summary>
    public const int MaxSearchLength = 100;
}
