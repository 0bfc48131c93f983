using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Storage;

/// <summary>An event still in the outbox, with the claim another sweep may hold on it.</summary>
internal sealed record PendingOutboxEvent(LinkEvent Event, DateTimeOffset? ClaimedUntil, string Version);

/// <summary>
/// The storage surface of the outbox: the events committed with their state change and not yet published. A request
/// removes its events once it has published them; the sweep publishes what is left, under a claim.
/// </summary>
internal interface IOutboxStore
{
    /// <summary>Every event of the calendar still waiting in the outbox.</summary>
    IAsyncEnumerable<PendingOutboxEvent> GetPendingAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims an outbox event for publishing until <paramref name="claimedUntil"/>, conditional on the version it was
    /// read with, so two sweeps never publish the same event at once. Null when the event changed or is already gone.
    /// </summary>
    Task<PendingOutboxEvent?> TryClaimAsync(PendingOutboxEvent pending, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default);

    /// <summary>Removes published events from the outbox. A row already gone (another dispatcher won) is fine.</summary>
    Task DeleteAsync(IReadOnlyList<LinkEvent> published, CancellationToken cancellationToken = default);
}
