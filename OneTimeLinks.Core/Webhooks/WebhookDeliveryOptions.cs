namespace OneTimeLinks.Core.Webhooks;

/// <summary>The delivery side's part of the <c>Webhooks</c> section: the retry schedule (docs/events.md).</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>
    /// The Standard Webhooks schedule: the first attempt at once, then these delays after each failed attempt (about
    /// 28 hours of retries in all, eight attempts); after the last the delivery is failed.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> StandardRetryDelays =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>Replaces <see cref="StandardRetryDelays"/> when set (tests use seconds; no deployment should).</summary>
    public List<TimeSpan> RetryDelays { get; } = [];

    /// <summary>The longest wait a receiver's <c>Retry-After</c> (on 429 or 503) can ask for.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an attempt holds its delivery against another attempt; past it, a crashed attempt is retried.</summary>
    public TimeSpan AttemptLease { get; set; } = TimeSpan.FromMinutes(2);

    public IReadOnlyList<TimeSpan> Delays => RetryDelays.Count > 0 ? RetryDelays : StandardRetryDelays;
}
