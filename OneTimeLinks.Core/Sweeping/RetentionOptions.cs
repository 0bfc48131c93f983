namespace OneTimeLinks.Core.Sweeping;

/// <summary>Configuration section <c>Retention</c>: how long ended data is kept before the sweep purges it.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>How long a replayable Idempotency-Key answer is kept (Stripe keeps 24 hours too).</summary>
    public TimeSpan IdempotencyRecords { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a link and its bookings are kept after the link ended (used, expired or revoked).</summary>
    public TimeSpan EndedLinks { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a busy interval the CRM pushed is kept after it ends (it can be listed until then).</summary>
    public TimeSpan BusyIntervals { get; set; } = TimeSpan.FromDays(90);

    // Webhooks
    /// <summary>
    /// How long a webhook delivery is kept after its last attempt once it has ended (succeeded or failed): it shows in
    /// the delivery log and a failed one can be redelivered until then.
    /// </summary>
    public TimeSpan WebhookDeliveries { get; set; } = TimeSpan.FromDays(30);
}
