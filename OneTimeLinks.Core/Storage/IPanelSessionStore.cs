using OneTimeLinks.Core.Panel;

namespace OneTimeLinks.Core.Storage;

/// <summary>A panel session as read, with the version its end is conditional on (opaque outside Storage).</summary>
internal sealed record PanelSessionSnapshot(PanelSession Session, string Version);

/// <summary>
/// The storage surface of panel sessions: one row per session in its calendar's partition, purged by the sweep at
/// its expiry through the same purge index as everything else there.
/// </summary>
internal interface IPanelSessionStore
{
    /// <summary>Adds the session and its purge row, only if the calendar exists (checked inside the transaction).</summary>
    Task<bool> TryAddAsync(PanelSession session, CancellationToken cancellationToken = default);

    Task<PanelSessionSnapshot?> GetAsync(string calendarId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Writes the ended session if it still has the version read; false when it changed or went.</summary>
    Task<bool> TryEndAsync(PanelSessionSnapshot read, PanelSession ended, CancellationToken cancellationToken = default);
}
