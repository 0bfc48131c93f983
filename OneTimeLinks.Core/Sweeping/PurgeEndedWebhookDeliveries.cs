using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// Sweep step for a subscription's delivery partition (the due index names it when a delivery ends): deletes each
/// ended delivery whose <see cref="RetentionOptions.WebhookDeliveries"/> is over, with its purge row, in one transaction.
/// A delivery redelivered meanwhile lost its purge row in the redelivery's transaction, so it is kept.
/// </summary>
internal sealed class PurgeEndedWebhookDeliveries(IWebhookDeliveryStore deliveries)
{
    public IAsyncEnumerable<DueDeliveryPurge> GetDueAsync(string subscriptionId, SweepRun run, CancellationToken cancellationToken) =>
        deliveries.GetDuePurgesAsync(subscriptionId, run.Now, cancellationToken);

    /// <summary>Purges a due delivery; true when this sweep removed it.</summary>
    public Task<bool> RunAsync(DueDeliveryPurge due, CancellationToken cancellationToken) =>
        deliveries.TryPurgeAsync(due, cancellationToken);
}
