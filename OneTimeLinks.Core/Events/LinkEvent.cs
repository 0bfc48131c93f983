namespace OneTimeLinks.Core.Events;

/// <summary>
/// A lifecycle event as the outbox holds it. <see cref="Id"/> is fixed when the state change commits and never changes,
/// so every redelivery carries the same id and consumers (and Service Bus duplicate detection) can drop repeats.
/// </summary>
public sealed record LinkEvent(
    string Id,
    string Type,
    string CalendarId,
    string LinkId,
    DateTimeOffset Time,
    string DataJson)
{
    /// <summary>
    /// W3C traceparent of the operation that committed the event (the HTTP request or queue message), kept with the
    /// outbox row so a redelivery by the sweep is still published under that operation.
    /// </summary>
    public string? TraceParent { get; init; }
}

internal static class LinkEventTypes
{
    public const string Generated = "OneTimeLinks.Link.Generated";
    public const string Used = "OneTimeLinks.Link.Used";

    /// <summary>The first open a browser confirmed (never a bare GET, HEAD or scanner).</summary>
    public const string Opened = "OneTimeLinks.Link.Opened";
    public const string Revoked = "OneTimeLinks.Link.Revoked";
    public const string Expired = "OneTimeLinks.Link.Expired";
    public const string BookingCanceled = "OneTimeLinks.Booking.Canceled";
    public const string BookingRescheduled = "OneTimeLinks.Booking.Rescheduled";

    /// <summary>A test ping a CRM asked for; it goes to that one subscription only.</summary>
    public const string WebhookTest = "OneTimeLinks.Webhook.Test";

    /// <summary>A subscription the service disabled (410 Gone, or failing for days).</summary>
    public const string WebhookDisabled = "OneTimeLinks.Webhook.Disabled";

    // Owner approval and attendance (issue 23)

    /// <summary>A booking through a link of a calendar that requires confirmation: pending, its time held, the link's use taken.</summary>
    public const string BookingRequested = "OneTimeLinks.Booking.Requested";

    public const string BookingConfirmed = "OneTimeLinks.Booking.Confirmed";

    /// <summary>A request declined by the owner, or by the sweep at its deadline (reason "deadline"); its time is free.</summary>
    public const string BookingDeclined = "OneTimeLinks.Booking.Declined";

    public const string BookingAttendanceMarked = "OneTimeLinks.Booking.AttendanceMarked";

    /// <summary>Every type a webhook subscription may name in its filter.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Generated, Opened, Used, Revoked, Expired, BookingCanceled, BookingRescheduled, WebhookTest, WebhookDisabled,
        Updated,
        BookingRequested, BookingConfirmed, BookingDeclined, BookingAttendanceMarked,
        CalendarFeedFailing, CalendarConflict,
    ];

    // Panel (issue 24)

    /// <summary>An active link's note or expiry was changed (API PATCH or the owner's panel).</summary>
    public const string Updated = "OneTimeLinks.Link.Updated";

    // Busy feeds

    /// <summary>A calendar's iCalendar feed failed this many fetches in a row; published once per failing streak.</summary>
    public const string CalendarFeedFailing = "OneTimeLinks.Calendar.FeedFailing";

    /// <summary>Busy time imported from a feed newly overlaps bookings made here: they are reported, never dropped.</summary>
    public const string CalendarConflict = "OneTimeLinks.Calendar.Conflict";
}
