namespace OneTimeLinks.Core.Bookings;

/// <summary>The invitee's booking, as sent (JSON or form).</summary>
public sealed record BookingRequest(string? Start, string? Name, string? Email, string? Phone, string? Message)
{
    /// <summary>The <c>utm_*</c> parameters of the URL the booking was sent to (<see cref="UtmParameters"/>); never from the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string>? Utm { get; init; }

    /// <summary>The appointment length chosen among the link's; null for the link's first.</summary>
    public int? DurationMinutes { get; init; }

    /// <summary>Answers to the calendar's questions by question id, as sent (<see cref="Questions.AnswerValidator"/>).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Answers { get; init; }
}

/// <summary>A booking request that passed validation.</summary>
public sealed record ValidBookingRequest(DateTimeOffset Start, string Name, string Email, string? Phone, string? Message)
{
    public IReadOnlyDictionary<string, string>? Utm { get; init; }

    public int? DurationMinutes { get; init; }

    /// <summary>The answers to record, normalized; null for none.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Answers { get; init; }
}

/// <summary>
/// A booking of one time through one link; confirmed until the organiser or the invitee cancels it, or, for a calendar
/// that requires confirmation, pending until the owner confirms or declines it.
/// </summary>
public sealed record Booking(
    string BookingId,
    string CalendarId,
    string LinkId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Name,
    string Email,
    string? Phone,
    string? Message,
    DateTimeOffset CreatedAt)
{
    public BookingStatus Status { get; init; } = BookingStatus.Confirmed;

    /// <summary>Who canceled, when and why; null while confirmed.</summary>
    public BookingCancellation? Cancellation { get; init; }

    /// <summary>Every move of the booking, oldest first.</summary>
    public IReadOnlyList<BookingReschedule> History { get; init; } = [];

    /// <summary>SHA-256 of the manage token's secret; the raw token is never stored.</summary>
    public string ManageTokenHash { get; init; } = "";

    /// <summary>
    /// The link's metadata, copied at booking time: the link's metadata never changes, and a cancel or reschedule then
    /// carries it in its event without reading the link.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The <c>utm_*</c> parameters of the link's URL when the invitee opened it, as recorded with the booking.</summary>
    public IReadOnlyDictionary<string, string>? Utm { get; init; }

    /// <summary>
    /// The window of the link it was booked through (<see cref="Links.LinkOverrides"/>), copied at booking time like
    /// <see cref="Metadata"/>: the invitee's moves stay inside what the link offered; the organiser's do not.
    /// </summary>
    public DateTimeOffset? LinkWindowFrom { get; init; }

    /// <inheritdoc cref="LinkWindowFrom"/>
    public DateTimeOffset? LinkWindowTo { get; init; }

    /// <summary>
    /// The link's title override and note, copied at booking time for the owner's booking feed, which then names each
    /// booking without a link read. Null on bookings made before the copy existed: the feed falls back to the calendar's name.
    /// </summary>
    public string? LinkTitle { get; init; }

    /// <inheritdoc cref="LinkTitle"/>
    public string? LinkNote { get; init; }

    /// <summary>
    /// For a request to a calendar that requires confirmation: when the sweep declines it unless the owner answered
    /// first. Null for a booking confirmed when made.
    /// </summary>
    public DateTimeOffset? ConfirmBy { get; init; }

    /// <summary>When the owner confirmed a request; null for a booking confirmed when made.</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>Why and when a request was declined (by the owner, or by the sweep at its deadline); null otherwise.</summary>
    public BookingDecline? Decline { get; init; }

    /// <summary>Whether the invitee came: marked by the owner after the start of a confirmed booking.</summary>
    public BookingAttendance Attendance { get; init; } = BookingAttendance.Unknown;

    public string? AttendanceNote { get; init; }

    public DateTimeOffset? AttendanceMarkedAt { get; init; }

    /// <summary>
    /// The invitee's answers to the calendar's questions, by question id (issue 23): shown to the CRM and the invitee's
    /// manage page, carried in the booking events, never logged and never in the booking feed. Null for none.
    /// </summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Answers { get; init; }

    /// <summary>The answers that are the link's prefill of questions it hid: the CRM's, never shown on the invitee's pages.</summary>
    public IReadOnlyList<string> HiddenAnswerIds { get; init; } = [];
}

public enum BookingStatus
{
    Confirmed,
    Canceled,

    /// <summary>A request holding its time until the owner confirms or declines it, or its deadline passes.</summary>
    Pending,

    /// <summary>A request the owner (or the deadline) declined; its time is free again.</summary>
    Declined,
}

public enum BookingAttendance
{
    Unknown,
    Showed,
    NoShow,
}

/// <summary>A declined request: when, why ("deadline" when the sweep declined it), and whether its link was reopened.</summary>
public sealed record BookingDecline(DateTimeOffset At, string? Reason, bool LinkReopened);

/// <summary>Who changed a booking: the organiser (through the CRM's API) or the invitee (through the manage URL).</summary>
public enum ChangedBy
{
    Organizer,
    Invitee,
}

public sealed record BookingCancellation(DateTimeOffset At, ChangedBy By, string? Reason);

public sealed record BookingReschedule(
    DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset At, ChangedBy By);

/// <summary>The wire names of booking states, one home for API, events and storage.</summary>
public static class BookingNames
{
    public static string ToWireName(this BookingStatus status) => status switch
    {
        BookingStatus.Canceled => "canceled",
        BookingStatus.Pending => "pending",
        BookingStatus.Declined => "declined",
        _ => "confirmed",
    };

    public static string ToWireName(this BookingAttendance attendance) => attendance switch
    {
        BookingAttendance.Showed => "showed",
        BookingAttendance.NoShow => "noShow",
        _ => "unknown",
    };

    public static bool TryParseAttendance(string? value, out BookingAttendance attendance)
    {
        (var known, attendance) = value switch
        {
            "showed" => (true, BookingAttendance.Showed),
            "noShow" => (true, BookingAttendance.NoShow),
            "unknown" => (true, BookingAttendance.Unknown),
            _ => (false, default),
        };
        return known;
    }

    public static string ToWireName(this ChangedBy by) => by == ChangedBy.Invitee ? "invitee" : "organizer";

    public static bool TryParseStatus(string? value, out BookingStatus status)
    {
        (var known, status) = value switch
        {
            "confirmed" => (true, BookingStatus.Confirmed),
            "canceled" => (true, BookingStatus.Canceled),
            "pending" => (true, BookingStatus.Pending),
            "declined" => (true, BookingStatus.Declined),
            _ => (false, default),
        };
        return known;
    }

    public static ChangedBy ParseChangedBy(string value) => value == "invitee" ? ChangedBy.Invitee : ChangedBy.Organizer;
}
