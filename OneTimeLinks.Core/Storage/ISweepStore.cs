using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Storage;

// The index rows below carry their row as read in an opaque version: the store keeps in it what it needs to find the
// row again and the ETag that deleting or moving the row is conditional on.

/// <summary>
/// An expiry index row whose instant has passed: the link it names is probably due to expire, or, with a
/// <see cref="BookingId"/>, that pending booking's confirmation deadline has passed.
/// </summary>
internal sealed record DueExpiry(string CalendarId, string LinkId, string Version)
{
    public string? BookingId { get; init; }
}

/// <summary>
/// A purge index row whose instant has passed. <see cref="Targets"/> are the rows it stands for, as the store names
/// them; the first one is the main target (an ended link, an idempotency record, an agenda date, a busy interval).
/// </summary>
internal sealed record DuePurge(string CalendarId, IReadOnlyList<string> Targets, string LinkId, string Version)
{
    public bool IsLink => Targets.Count > 0 && TableKeys.IsLinkRow(Targets[0]);
}

/// <summary>
/// A booking of a link being purged, and until when it matters (its end, or when it was canceled: a canceled booking
/// holds nothing later). Its claim on time lives in the agenda, which is purged by date.
/// </summary>
internal sealed record PurgeBooking(string BookingId, DateTimeOffset Start, DateTimeOffset RelevantUntil);

/// <summary>What a purge will delete: for a link target the link (null when already gone) and its bookings.</summary>
internal sealed record PurgeTarget(DuePurge Due, Link? Link, IReadOnlyList<PurgeBooking> Bookings);

/// <summary>
/// The storage surface of the sweep. Every read is a range over an index inside one calendar partition, so what a
/// sweep reads grows with the work that is due, not with the links that exist (docs/design.md, "Sweep").
/// </summary>
internal interface ISweepStore
{
    /// <summary>The due index: hints whose minute has begun by <paramref name="now"/> (<see cref="DueHints"/>).</summary>
    Task<IReadOnlyList<DueHint>> GetDueHintsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes spent hints, each conditional on the version read.</summary>
    Task DeleteDueHintsAsync(IReadOnlyList<DueHint> spent, CancellationToken cancellationToken = default);

    /// <summary>Hints the calendar's next expiry and next purge that are not due at <paramref name="now"/>.</summary>
    Task HintNextDueAsync(string calendarId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The registry of calendar partitions (one row per calendar).</summary>
    IAsyncEnumerable<string> GetCalendarIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>Expiry index rows with an instant at or before <paramref name="now"/>, oldest first.</summary>
    IAsyncEnumerable<DueExpiry> GetDueExpiriesAsync(string calendarId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Purge index rows with an instant at or before <paramref name="now"/>, oldest first.</summary>
    IAsyncEnumerable<DuePurge> GetDuePurgesAsync(string calendarId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes an expiry row that no longer stands for an active link. A row already gone is fine.</summary>
    Task DeleteExpiryIndexAsync(DueExpiry due, CancellationToken cancellationToken = default);

    /// <summary>Reads what a purge row stands for (for a link: the link and its bookings).</summary>
    Task<PurgeTarget> ReadPurgeTargetAsync(DuePurge due, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the target, everything belonging to it and the purge row, in entity group transactions of at most 100
    /// rows with the purge row in the last one. True when this call removed the purge row; false when another sweep
    /// finished the same purge first.
    /// </summary>
    Task<bool> DeletePurgeTargetAsync(PurgeTarget target, CancellationToken cancellationToken = default);

    /// <summary>Moves a purge row to a later instant (its data is still needed). False when the row is already gone.</summary>
    Task<bool> ReschedulePurgeAsync(DuePurge due, DateTimeOffset purgeAt, CancellationToken cancellationToken = default);

    /// <summary>Deletes only the purge row, keeping its target. A row already gone is fine.</summary>
    Task DeletePurgeIndexAsync(DuePurge due, CancellationToken cancellationToken = default);
}
