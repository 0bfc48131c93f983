using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// A busy interval as read, with the version its replacement or deletion must be conditional on: opaque outside
/// Storage, which keeps in it whatever it needs to find the interval's rows again.
/// </summary>
internal sealed record BusyIntervalSnapshot(BusyInterval Interval, string Version);

/// <summary>One busy interval to create (<see cref="Old"/> null), replace, or delete (<see cref="New"/> null).</summary>
internal sealed record BusyChange(BusyIntervalSnapshot? Old, BusyInterval? New);

/// <summary>
/// The storage surface of busy intervals. Every write changes the interval's rows and the agenda dates it touches in
/// one entity group transaction, each agenda row conditional on the version read, so a busy interval and a booking
/// racing for the same time cannot both commit unseen.
/// </summary>
internal interface IBusyStore
{
    Task<BusyIntervalSnapshot?> GetBusyAsync(string calendarId, string busyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored intervals of <paramref name="source"/> among <paramref name="busyIds"/> (point reads sent together);
    /// unknown ids are left out.
    /// </summary>
    Task<IReadOnlyList<BusyIntervalSnapshot>> GetBusyAsync(
        string calendarId, string source, IEnumerable<string> busyIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every busy interval, of every source, that starts in [<paramref name="windowStart"/>, <paramref name="windowEnd"/>):
    /// what a sync replaces, once it kept its own source's.
    /// </summary>
    Task<IReadOnlyList<BusyIntervalSnapshot>> GetBusyStartingInAsync(
        string calendarId, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default);

    /// <summary>The busy intervals overlapping [<paramref name="windowStart"/>, <paramref name="windowEnd"/>), by start, one page.</summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this store issued for the calendar.</exception>
    Task<BusyPage> ListBusyAsync(
        string calendarId, DateTimeOffset windowStart, DateTimeOffset windowEnd, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the changes with the agenda they were decided on, in as few transactions as the table allows (at most 100
    /// actions each; each transaction is whole: intervals together with the agenda dates they touch). Returns false when
    /// another writer changed a row first; the transactions before that one stay committed, so the caller re-reads and
    /// decides the rest again.
    /// </summary>
    Task<bool> TryApplyAsync(string calendarId, Agenda agenda, IReadOnlyList<BusyChange> changes, CancellationToken cancellationToken = default);
}
