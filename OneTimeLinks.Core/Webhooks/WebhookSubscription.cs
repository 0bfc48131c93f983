namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// A receiver of signed event deliveries, as the management API shows it (never with its secret). Empty
/// <see cref="EventTypes"/> or <see cref="CalendarIds"/> mean every type or every calendar.
/// </summary>
public sealed record WebhookSubscription(
    string Id,
    Uri Url,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> CalendarIds,
    string? Description,
    WebhookStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveryAt,
    int ConsecutiveFailures)
{
    /// <summary>When the current run of failures began; null while the last delivery succeeded.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Why the service disabled it (410 Gone, failing for days); null when enabled or disabled by the CRM.</summary>
    public string? DisabledReason { get; init; }

    public bool Matches(string eventType, string calendarId) =>
        Status == WebhookStatus.Enabled
        && (EventTypes.Count == 0 || EventTypes.Contains(eventType, StringComparer.Ordinal))
        && (CalendarIds.Count == 0 || CalendarIds.Contains(calendarId, StringComparer.Ordinal));
}
