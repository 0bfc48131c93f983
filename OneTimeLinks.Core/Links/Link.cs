namespace OneTimeLinks.Core.Links;

/// <summary>Who a link was generated for; every field is optional and only informs the booking page and events.</summary>
public sealed record LinkContact(string? Id, string? Name, string? Email);

/// <summary>
/// A one-time (or N-time) link to one calendar. <see cref="StoredStatus"/> is what storage holds; use
/// <see cref="GetStatus"/> for what the link is now, because an active link past its expiry is expired before any sweep.
/// </summary>
public sealed record Link(
    string CalendarId,
    string LinkId,
    LinkStatus StoredStatus,
    DateTimeOffset? ExpiresAt,
    string? Note,
    int MaxUses,
    int Uses,
    LinkContact? Contact,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    string TokenHash,
    string? RequestId)
{
    /// <summary>The bookings made through the link, oldest first.</summary>
    public IReadOnlyList<string> BookingIds { get; init; } = [];

    /// <summary>The CRM's context (<see cref="LinkMetadata"/>); set at generation, never changed, never shown to the invitee.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>What this link narrows of its calendar (durations, window, title); set at generation.</summary>
    public LinkOverrides Overrides { get; init; } = LinkOverrides.None;

    /// <summary>When a browser first confirmed an open (see <see cref="LinkOpenService"/>); null while never opened.</summary>
    public DateTimeOffset? FirstOpenedAt { get; init; }

    /// <summary>Opens a browser confirmed; bare GETs, HEADs and scanners never count.</summary>
    public int OpenCount { get; init; }

    public LinkStatus GetStatus(DateTimeOffset now) =>
        StoredStatus == LinkStatus.Active && IsPastExpiry(now) ? LinkStatus.Expired : StoredStatus;

    public bool IsPastExpiry(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;
}
