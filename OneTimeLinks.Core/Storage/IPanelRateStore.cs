namespace OneTimeLinks.Core.Storage;

/// <summary>A session's generate counter for one minute as read, with the version its increment is conditional on.</summary>
internal sealed record PanelRateSnapshot(string CalendarId, string SessionId, DateTimeOffset Minute, int Count, string Version);

/// <summary>
/// The storage surface of the panel's rate limit: one counter row per session and UTC minute in the calendar's
/// partition. Every write is conditional (insert, or replace on the ETag read), so concurrent generates never both count
/// from the same value.
/// </summary>
internal interface IPanelRateStore
{
    Task<PanelRateSnapshot?> GetAsync(string calendarId, string sessionId, DateTimeOffset minute, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the minute's counter at 1 with its purge row (at <paramref name="purgeAt"/>) in one transaction; false
    /// when another request inserted it first.
    /// </summary>
    Task<bool> TryAddFirstAsync(
        string calendarId, string sessionId, DateTimeOffset minute, DateTimeOffset purgeAt, CancellationToken cancellationToken = default);

    /// <summary>Writes <c>Count + 1</c> if the counter still has the version read; false when another request counted first.</summary>
    Task<bool> TryIncrementAsync(PanelRateSnapshot read, CancellationToken cancellationToken = default);
}
