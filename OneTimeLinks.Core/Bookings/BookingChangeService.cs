using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// After the booking: the organiser (through the CRM) and the invitee (through the manage URL) read, cancel and
/// reschedule it. Every change is one conditional transaction of the booking with the agenda dates it frees and claims,
/// its event and its idempotency record, so races between both sides and new bookings end in one consistent state.
/// </summary>
internal sealed partial class BookingChangeService(
    ICalendarStore calendars,
    IBookingStore store,
    ILinkStore links,
    IEventDispatcher dispatcher,
    TimeProvider timeProvider,
    ILogger<BookingChangeService> logger) : IBookingChangeService, IBookingDeadlines
{
    private const int MaxAttendanceNoteLength = 1000;

    private const int MaxReasonLength = 500;
    private static readonly TimeSpan MaxListWindow = TimeSpan.FromDays(366);

    // Each lost race means the booking or one of its dates changed; a loser re-reads and usually finds its answer.
    private const int MaxAttempts = 16;

    private abstract record Action;

    /// <summary>A cancel; <paramref name="Actor"/> is the owner who asked (API or panel), none for the invitee.</summary>
    private sealed record Cancel(string? Reason, EventActor? Actor) : Action;

    private sealed record Move(DateTimeOffset Start) : Action;

    private sealed record Confirm(EventActor Actor) : Action;

    /// <summary>The owner's decline (by <paramref name="Actor"/>), or the sweep's at the deadline (<paramref name="ByDeadline"/>, no actor).</summary>
    private sealed record Decline(string? Reason, bool ReopenLink, bool ByDeadline, EventActor? Actor) : Action;

    private sealed record MarkAttendance(BookingAttendance Status, string? Note) : Action;

    public async Task<(BookableCalendar Calendar, Booking Booking)?> GetAsync(string calendarId, string bookingId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId) || !BookingIds.IsValid(bookingId))
        {
            return null;
        }

        var context = await store.GetChangeContextAsync(calendarId, bookingId, null, cancellationToken);
        return context is { Calendar: { } calendar, Booking: { } snapshot } ? (calendar, snapshot.Booking) : null;
    }

    public async Task<ListBookingsOutcome> ListAsync(
        string calendarId, string? from, string? to, string? status, int? pageSize, string? continuationToken, string? attendance = null,
        CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new ListBookingsOutcome.CalendarNotFound();
        }

        var errors = new FieldErrors();
        var window = InputRules.Window(from, to, MaxListWindow, errors);
        var statusFilter = InputRules.OptionalName<BookingStatus>(
            status, BookingNames.TryParseStatus, "status", "Must be pending, confirmed, declined or canceled.", errors);
        var attendanceFilter = InputRules.OptionalName<BookingAttendance>(
            attendance, BookingNames.TryParseAttendance, "attendance", "Must be showed, noShow or unknown.", errors);
        var size = Paging.PageSize(pageSize, errors);
        if (window is not { } w || !errors.IsEmpty)
        {
            return new ListBookingsOutcome.Invalid(errors);
        }

        try
        {
            var calendar = calendars.GetCalendarAsync(calendarId, cancellationToken);
            var page = store.ListAsync(
                new BookingListQuery(calendarId, w.From, w.To, statusFilter is { } one ? [one] : [], attendanceFilter, size, continuationToken),
                cancellationToken);
            await Task.WhenAll(calendar, page);
            return await calendar is { } found ? new ListBookingsOutcome.Listed(found, await page) : new ListBookingsOutcome.CalendarNotFound();
        }
        catch (InvalidContinuationTokenException ex)
        {
            errors.Add("continuation", ex.Message);
            return new ListBookingsOutcome.Invalid(errors);
        }
    }

    public Task<ChangeBookingOutcome> CancelAsync(
        string calendarId, string bookingId, CancelBookingRequest? request, EventActor actor, CancellationToken cancellationToken = default) =>
        !CalendarValidator.IsValidCalendarId(calendarId) || !BookingIds.IsValid(bookingId)
            ? Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound())
            : ValidateCancel(request, actor, out var action, out var errors)
                ? ChangeAsync(calendarId, bookingId, null, ChangedBy.Organizer, action, null, cancellationToken)
                : Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.Invalid(errors));

    public Task<ChangeBookingOutcome> RescheduleAsync(
        string calendarId, string bookingId, RescheduleBookingRequest? request, CancellationToken cancellationToken = default) =>
        !CalendarValidator.IsValidCalendarId(calendarId) || !BookingIds.IsValid(bookingId)
            ? Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound())
            : ValidateMove(request, out var action, out var errors)
                ? ChangeAsync(calendarId, bookingId, null, ChangedBy.Organizer, action, null, cancellationToken)
                : Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.Invalid(errors));

    public Task<ChangeBookingOutcome> ConfirmAsync(string calendarId, string bookingId, EventActor actor, CancellationToken cancellationToken = default) =>
        !CalendarValidator.IsValidCalendarId(calendarId) || !BookingIds.IsValid(bookingId)
            ? Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound())
            : ChangeAsync(calendarId, bookingId, null, ChangedBy.Organizer, new Confirm(actor), null, cancellationToken);

    public Task<ChangeBookingOutcome> DeclineAsync(
        string calendarId, string bookingId, DeclineBookingRequest? request, EventActor actor, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId) || !BookingIds.IsValid(bookingId))
        {
            return Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound());
        }

        var errors = new FieldErrors();
        var reason = InputRules.OptionalText(request?.Reason, MaxReasonLength, "reason", errors);
        return errors.IsEmpty
            ? ChangeAsync(calendarId, bookingId, null, ChangedBy.Organizer, new Decline(reason, request?.ReopenLink ?? false, ByDeadline: false, actor), null, cancellationToken)
            : Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.Invalid(errors));
    }

    public Task<ChangeBookingOutcome> MarkAttendanceAsync(
        string calendarId, string bookingId, AttendanceRequest? request, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId) || !BookingIds.IsValid(bookingId))
        {
            return Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound());
        }

        var errors = new FieldErrors();
        if (!BookingNames.TryParseAttendance(request?.Status, out var status))
        {
            errors.Add("status", "Must be showed, noShow or unknown.");
        }

        var note = InputRules.OptionalText(request?.Note, MaxAttendanceNoteLength, "note", errors);
        return errors.IsEmpty
            ? ChangeAsync(calendarId, bookingId, null, ChangedBy.Organizer, new MarkAttendance(status, note), null, cancellationToken)
            : Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.Invalid(errors));
    }

    async Task<DeadlineOutcome> IBookingDeadlines.DeclineOverdueAsync(
        string calendarId, string bookingId, IEventDispatcher publisher, CancellationToken cancellationToken)
    {
        var outcome = await ChangeAsync(
            calendarId, bookingId, null, ChangedBy.Organizer, new Decline(DeadlineReason, ReopenLink: false, ByDeadline: true, Actor: null), null, cancellationToken, publisher);
        return outcome switch
        {
            ChangeBookingOutcome.Changed { Unchanged: false } => DeadlineOutcome.Declined,
            ChangeBookingOutcome.NotDue => DeadlineOutcome.NotDue,
            ChangeBookingOutcome.Busy => DeadlineOutcome.Busy,
            _ => DeadlineOutcome.NotPending,
        };
    }

    /// <summary>The reason a request declined by the sweep carries.</summary>
    public const string DeadlineReason = "deadline";

    public async Task<ManageBookingOutcome> OpenManageAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParseManage(token, out var parsed))
        {
            return new ManageBookingOutcome.NotFound();
        }

        var context = await store.GetChangeContextAsync(parsed.CalendarId, parsed.Id, null, cancellationToken);
        if (context is not { Calendar: { } calendar, Booking: { } snapshot } || !parsed.Matches(snapshot.Booking.ManageTokenHash))
        {
            return new ManageBookingOutcome.NotFound();
        }

        var booking = snapshot.Booking;
        var now = timeProvider.GetUtcNow();
        if (booking.Status is BookingStatus.Canceled or BookingStatus.Declined || IsTooLate(calendar, booking, now))
        {
            return new ManageBookingOutcome.View(calendar, booking, CanChange: false, []);
        }

        // The times it could move to: what its link offered, one bounded page as for any anonymous open (SlotWindow).
        var offer = InviteeOffer(calendar, booking);
        var window = SlotWindow.For(offer.Calendar, now, requested: null);
        var candidates = offer.Candidates(window.From, window.To);
        var page = await SlotWindow.FreePageAsync(calendars, offer.Calendar, candidates, window.To, window.Horizon, moved: booking, cancellationToken);
        return new ManageBookingOutcome.View(calendar, booking, CanChange: true, page.Slots);
    }

    public Task<ChangeBookingOutcome> CancelByInviteeAsync(
        string token, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        !CapabilityToken.TryParseManage(token, out var parsed)
            ? Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound())
            : ChangeAsync(parsed.CalendarId, parsed.Id, parsed, ChangedBy.Invitee, new Cancel(null, Actor: null), idempotencyKey, cancellationToken);

    public Task<ChangeBookingOutcome> RescheduleByInviteeAsync(
        string token, RescheduleBookingRequest? request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParseManage(token, out var parsed))
        {
            return Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.NotFound());
        }

        return ValidateMove(request, out var action, out var errors)
            ? ChangeAsync(parsed.CalendarId, parsed.Id, parsed, ChangedBy.Invitee, action, idempotencyKey, cancellationToken)
            : Task.FromResult<ChangeBookingOutcome>(new ChangeBookingOutcome.Invalid(errors));
    }

    private async Task<ChangeBookingOutcome> ChangeAsync(
        string calendarId, string bookingId, CapabilityToken? token, ChangedBy by, Action action, string? idempotencyKey, CancellationToken cancellationToken,
        IEventDispatcher? publisher = null)
    {
        var fingerprint = idempotencyKey is null ? null : Fingerprint(action);
        ChangeBookingOutcome? last = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var context = await store.GetChangeContextAsync(calendarId, bookingId, idempotencyKey, cancellationToken);
            if (context is not { Calendar: { } calendar, Booking: { } snapshot }
                || (token is not null && !token.Matches(snapshot.Booking.ManageTokenHash)))
            {
                return new ChangeBookingOutcome.NotFound();
            }

            var booking = snapshot.Booking;
            if (context.IdempotencyRecord is { } record)
            {
                return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(record.Fingerprint), Encoding.ASCII.GetBytes(fingerprint!))
                    ? new ChangeBookingOutcome.Changed(calendar, booking, Unchanged: true)
                    : new ChangeBookingOutcome.IdempotencyKeyReused(calendar, booking);
            }

            var now = timeProvider.GetUtcNow();
            var decision = await DecideAsync(calendar, booking, by, action, now, cancellationToken);
            if (decision.Outcome is { } final)
            {
                return final;
            }

            var (updated, agenda, changed) = decision.Change!.Value;
            switch (await store.TryChangeAsync(
                new BookingChangeWrite(snapshot, updated, agenda, changed, idempotencyKey, fingerprint, decision.Reopen), cancellationToken))
            {
                case BookingChangeResult.Changed:
                    Log.Changed(logger, calendar.Id, booking.BookingId, changed.Type, by.ToWireName());
                    await (publisher ?? dispatcher).DispatchAsync([changed], cancellationToken);
                    return new ChangeBookingOutcome.Changed(calendar, updated, Unchanged: false);
                default:
                    Log.LostRace(logger, calendar.Id, booking.BookingId, attempt);
                    last = new ChangeBookingOutcome.Busy(calendar, booking);
                    continue;
            }
        }

        return last!;
    }

    private readonly record struct Decision(
        ChangeBookingOutcome? Outcome, (Booking Updated, IReadOnlyList<AgendaDaySnapshot> Agenda, LinkEvent Changed)? Change)
    {
        public LinkReopen? Reopen { get; init; }
    }

    private async Task<Decision> DecideAsync(
        BookableCalendar calendar, Booking booking, ChangedBy by, Action action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case Confirm when booking.Status != BookingStatus.Pending:
            case Decline when booking.Status != BookingStatus.Pending:
                return new(new ChangeBookingOutcome.NotPending(calendar, booking), null);
            case Confirm confirm:
                var confirmed = booking with { Status = BookingStatus.Confirmed, ConfirmedAt = now };
                return new(null, (confirmed, [], LinkEventFactory.Confirmed(confirmed, now, confirm.Actor)));
            case Decline { ByDeadline: true } when now < booking.ConfirmBy:
                return new(new ChangeBookingOutcome.NotDue(calendar, booking), null);
            case Decline decline:
                return await DeclineAsync(calendar, booking, decline, now, cancellationToken);
            case MarkAttendance when booking.Status != BookingStatus.Confirmed || now < booking.Start:
                return new(new ChangeBookingOutcome.AttendanceNotAllowed(calendar, booking), null);
            case MarkAttendance mark when mark.Status == booking.Attendance:
                return new(new ChangeBookingOutcome.Changed(calendar, booking, Unchanged: true), null);
            case MarkAttendance mark:
                var marked = booking with { Attendance = mark.Status, AttendanceNote = mark.Note, AttendanceMarkedAt = now };
                return new(null, (marked, [], LinkEventFactory.AttendanceMarked(marked, booking.Attendance, now)));
        }

        if (booking.Status == BookingStatus.Declined)
        {
            return new(new ChangeBookingOutcome.AlreadyDeclined(calendar, booking), null);
        }

        var canceled = booking.Status == BookingStatus.Canceled;
        if (action is Cancel && canceled)
        {
            return new(new ChangeBookingOutcome.Changed(calendar, booking, Unchanged: true), null);
        }

        if (canceled)
        {
            return new(new ChangeBookingOutcome.AlreadyCanceled(calendar, booking), null);
        }

        if (by == ChangedBy.Invitee && IsTooLate(calendar, booking, now))
        {
            return new(new ChangeBookingOutcome.TooLate(calendar, booking), null);
        }

        var claim = new AgendaEntry(AgendaEntryKind.Booking, booking.BookingId, booking.Start, booking.End);
        if (action is Cancel cancel)
        {
            var agenda = await calendars.GetAgendaAsync(calendar.Id, [DateRange.Of(booking.Start, booking.End)], cancellationToken);
            var updated = booking with
            {
                Status = BookingStatus.Canceled,
                Cancellation = new BookingCancellation(now, by, cancel.Reason),
            };
            return new(null, (updated, agenda.Change([], removed: [claim], added: []), LinkEventFactory.Canceled(updated, now, cancel.Actor)));
        }

        var rules = RulesFor(calendar, booking);
        var start = ((Move)action).Start.ToUniversalTime();
        var end = start + (booking.End - booking.Start);
        if (start == booking.Start)
        {
            return new(new ChangeBookingOutcome.Changed(calendar, booking, Unchanged: true), null);
        }

        var offered = by == ChangedBy.Invitee ? InviteeOffer(calendar, booking).IsOffered(start, now) : SlotCalculator.IsSlotStart(rules, start);
        if (!offered)
        {
            return new(new ChangeBookingOutcome.NotFree(calendar, booking), null);
        }

        var dates = await calendars.GetAgendaAsync(
            calendar.Id, DateRange.Merge([AvailabilityRules.DatesAround(start), DateRange.Of(booking.Start, booking.End)]), cancellationToken);
        if (AvailabilityRules.Check(rules, dates, start, end, ignoreBookingId: booking.BookingId) != TimeCheck.Free)
        {
            return new(new ChangeBookingOutcome.NotFree(calendar, booking), null);
        }

        var moved = booking with
        {
            Start = start,
            End = end,
            History = [.. booking.History, new BookingReschedule(booking.Start, booking.End, start, end, now, by)],
        };
        var days = dates.Change(
            AvailabilityRules.DatesToClaim(rules, start, end),
            removed: [claim],
            added: [claim with { Start = start, End = end }]);
        return new(null, (moved, days, LinkEventFactory.Rescheduled(moved, now)));
    }

    /// <summary>
    /// Frees the request's time and, when asked, gives its link the use back. Whether the link may be reopened is
    /// decided on the link as read now, and the decline commits conditional on that version: a revoke or an expiry
    /// that commits first makes the decline decide again, and then the link stays dead.
    /// </summary>
    private async Task<Decision> DeclineAsync(
        BookableCalendar calendar, Booking booking, Decline decline, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var agendaRead = calendars.GetAgendaAsync(calendar.Id, [DateRange.Of(booking.Start, booking.End)], cancellationToken);
        var linkRead = decline.ReopenLink ? links.GetLinkAsync(calendar.Id, booking.LinkId, cancellationToken) : Task.FromResult<LinkSnapshot?>(null);
        await Task.WhenAll(agendaRead, linkRead);
        var agenda = await agendaRead;
        var link = await linkRead;

        LinkReopen? reopen = null;
        if (link is { Link: var read } && read.StoredStatus is LinkStatus.Used or LinkStatus.Active && !read.IsPastExpiry(now) && read.Uses > 0)
        {
            reopen = new LinkReopen(link, read with { Uses = read.Uses - 1, StoredStatus = LinkStatus.Active, EndedAt = null });
        }

        var declined = booking with
        {
            Status = BookingStatus.Declined,
            Decline = new BookingDecline(now, decline.Reason, LinkReopened: reopen is not null),
        };
        var claim = new AgendaEntry(AgendaEntryKind.Booking, booking.BookingId, booking.Start, booking.End);
        return new(null, (declined, agenda.Change([], removed: [claim], added: []), LinkEventFactory.Declined(declined, now, decline.Actor))) { Reopen = reopen };
    }

    /// <summary>
    /// The calendar's rules for moving this booking: it keeps its own length (its link may have offered another than
    /// the calendar's, or the calendar changed since), on the calendar's grid and hours, as a link's offer does.
    /// </summary>
    private static BookableCalendar RulesFor(BookableCalendar calendar, Booking booking) =>
        calendar.WithSlotLength((int)(booking.End - booking.Start).TotalMinutes);

    /// <summary>
    /// What the invitee may move the booking to: what its link offered (the window copied into the booking; the length
    /// the link let them choose, which the booking keeps), under the calendar's current rules. The organiser is not bound by it.
    /// </summary>
    private static LinkOffer InviteeOffer(BookableCalendar calendar, Booking booking)
    {
        var rules = RulesFor(calendar, booking);
        return new LinkOffer(rules, [rules.SlotMinutes], booking.LinkWindowFrom, booking.LinkWindowTo);
    }

    /// <summary>Past the change notice (by default: the start), only the organiser can change the booking.</summary>
    private static bool IsTooLate(BookableCalendar calendar, Booking booking, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(booking);
        return now >= booking.Start.AddMinutes(-calendar.ChangeNoticeMinutes);
    }

    private static bool ValidateCancel(CancelBookingRequest? request, EventActor actor, out Action action, out FieldErrors errors)
    {
        errors = new FieldErrors();
        var reason = InputRules.OptionalText(request?.Reason, MaxReasonLength, "reason", errors);
        action = new Cancel(reason, actor);
        return errors.IsEmpty;
    }

    private static bool ValidateMove(RescheduleBookingRequest? request, out Action action, out FieldErrors errors)
    {
        errors = new FieldErrors();
        var start = InputRules.ParseInstant(request?.Start, "start", errors);
        action = new Move(start ?? default);
        return start is not null;
    }

    /// <summary>What makes two changes "the same" for an Idempotency-Key: the action and, for a move, its instant.</summary>
    private static string Fingerprint(Action action) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(action switch
    {
        Move move => "reschedule " + move.Start.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Cancel => "cancel",
        _ => action.GetType().Name,
    })));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Booking {BookingId} of calendar {CalendarId}: {EventType} by the {ChangedBy}.")]
        public static partial void Changed(ILogger logger, string calendarId, string bookingId, string eventType, string changedBy);

        [LoggerMessage(2, LogLevel.Debug, "Booking {BookingId} of calendar {CalendarId} changed during attempt {Attempt}; re-reading.")]
        public static partial void LostRace(ILogger logger, string calendarId, string bookingId, int attempt);
    }
}
