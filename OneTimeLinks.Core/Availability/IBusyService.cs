namespace OneTimeLinks.Core.Availability;

/// <summary>
/// Busy time pushed by the CRM: one interval by its id, or a whole window at once. The CRM is the truth, so an interval
/// that overlaps a booking made here is stored anyway and the booking is reported as a conflict.
/// </summary>
public interface IBusyService
{
    Task<SaveBusyOutcome> SaveAsync(
        string calendarId, string busyId, BusyIntervalRequest? request, CancellationToken cancellationToken = default);

    Task<DeleteBusyOutcome> DeleteAsync(string calendarId, string busyId, CancellationToken cancellationToken = default);

    Task<ListBusyOutcome> ListAsync(
        string calendarId, string? from, string? to, int? pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the busy intervals that start in the window exactly <paramref name="request"/>'s: creates and replaces
    /// what differs, deletes what is missing, and leaves what is equal alone, so syncing the same body twice writes
    /// nothing the second time.
    /// </summary>
    Task<SyncBusyOutcome> SyncAsync(
        string calendarId, string? from, string? to, BusySyncRequest? request, CancellationToken cancellationToken = default);
}
