namespace OneTimeLinks.Core.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>: signed HTTP deliveries of the lifecycle events (docs/events.md).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Development only: lets a subscription use plain http to a loopback host (the local runner sets it). In Azure it
    /// stays false, and every receiver must be https on a public address.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Subscriptions the whole service may hold.</summary>
    public int MaxSubscriptions { get; set; } = 100;

    /// <summary>How long, after a rotation, deliveries are signed with the old secret as well as the new one.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt's limit, from connect to the receiver's answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A subscription whose deliveries have only failed for this long is disabled.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(5);
}
