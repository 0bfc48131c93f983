namespace OneTimeLinks.Core.Storage;

/// <summary>
/// <c>delivery|{eventId}</c> in <c>wd|{subscriptionId}</c>: the event (data encrypted, as in the outbox), its status,
/// the next attempt and the attempts made so far (<c>AttemptsJson</c>, newest last, the oldest dropped past a bound).
/// </summary>
internal sealed class WebhookDeliveryEntity : ProtectedEventRow
{
    public string CalendarId { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Attempts made in the current run of the retry schedule (a redelivery starts a new run).</summary>
    public int Step { get; set; }

    public int AttemptCount { get; set; }
    public string AttemptsJson { get; set; } = "[]";

    /// <summary>
    /// The instant of the delivery's due row, when the retry timer looks at it: its next attempt, except for a new
    /// delivery whose creator sends the attempt message itself (then later: the timer is only the fallback). Null on
    /// rows written before it existed, whose due row is at <see cref="NextAttemptAt"/>.
    /// </summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>When the sweep deletes an ended delivery; its <c>purge|</c> row has this instant. Null while pending.</summary>
    public DateTimeOffset? PurgeAt { get; set; }
}

/// <summary><c>deliverydue|{ticks}|{eventId}</c>: a pending delivery's next attempt; exists exactly while it is pending.</summary>
internal sealed class WebhookDeliveryDueEntity : TableRow;
