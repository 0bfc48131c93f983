using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Questions;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// The invitee's side: open a link (read-only, however often) and book through it. A booking is one conditional
/// transaction on the link's ETag, so any number of concurrent attempts yield at most the link's remaining uses.
/// </summary>
internal sealed partial class BookingService(
    ILinkStore store,
    ICalendarStore calendars,
    IBookingStore bookings,
    IEventDispatcher dispatcher,
    IOptions<LinkOptions> links,
    TimeProvider timeProvider,
    LinkMetrics metrics,
    ILogger<BookingService> logger) : IBookingService
{
    // Each lost race means another writer changed the link or an agenda date this booking claims; every round one of
    // the racers commits, and a loser that re-reads usually finds its time taken or the link used and stops.
    private const int MaxAttempts = 16;

    public async Task<OpenLinkOutcome> OpenAsync(
        string token, DateTimeOffset? from, int? durationMinutes, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParseLink(token, out var parsed) || await LoadAsync(parsed, null, null, cancellationToken) is not (var calendar, var snapshot, _))
        {
            return new OpenLinkOutcome.NotFound();
        }

        var now = timeProvider.GetUtcNow();
        var status = snapshot.Link.GetStatus(now);
        if (status != LinkStatus.Active)
        {
            return new OpenLinkOutcome.Dead(calendar, snapshot.Link, status);
        }

        // The link's offer: its durations, window and title narrow the calendar (a calendar that no longer allows any
        // of the link's durations offers nothing through it).
        if ((LinkOffer.For(calendar, snapshot.Link, durationMinutes) ?? LinkOffer.For(calendar, snapshot.Link, null)) is not { } offer)
        {
            return new OpenLinkOutcome.Open(calendar with { Name = snapshot.Link.Overrides.Title ?? calendar.Name }, snapshot.Link, []);
        }

        var window = SlotWindow.For(offer.Calendar, now, from);
        var end = offer.WindowTo is { } windowTo && windowTo < window.Horizon ? windowTo : window.Horizon;
        var candidates = offer.Candidates(window.From, window.To);
        var page = await SlotWindow.FreePageAsync(calendars, offer.Calendar, candidates, window.To, end, moved: null, cancellationToken);
        if (candidates.Count > 0)
        {
            // The metric counts opens that had to read the agenda; one with no candidate times in reach does not.
            metrics.Opened();
        }

        return new OpenLinkOutcome.Open(offer.Calendar, snapshot.Link, page.Slots, page.Next) { Durations = offer.Durations };
    }

    public async Task<(BookableCalendar Calendar, Link Link, Booking Booking)?> GetBookingAsync(
        string token, string bookingId, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParseLink(token, out var parsed) || await LoadAsync(parsed, null, null, cancellationToken) is not (var calendar, var snapshot, _))
        {
            return null;
        }

        if (!snapshot.Link.BookingIds.Contains(bookingId))
        {
            return null;
        }

        var booking = await bookings.GetBookingAsync(calendar.Id, bookingId, cancellationToken);
        return booking is null ? null : (calendar with { Name = snapshot.Link.Overrides.Title ?? calendar.Name }, snapshot.Link, booking);
    }

    public async Task<BookLinkOutcome> BookAsync(
        string token, BookingRequest? request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParseLink(token, out var parsed))
        {
            return new BookLinkOutcome.NotFound();
        }

        var fingerprint = idempotencyKey is null ? null : Fingerprint(request);

        // The requested start decides which agenda dates to read, so they come in the same round as the link. An
        // unreadable start reads none: the request is answered from the link's state or its field errors alone.
        var requestedStart = InputRules.ParseInstant(request?.Start, "start", new FieldErrors());
        var agendaDates = requestedStart is { } s ? AvailabilityRules.DatesAround(s) : (DateRange?)null;
        var deadLinkReadAgain = false;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await LoadAsync(parsed, idempotencyKey, agendaDates, cancellationToken) is not (var calendar, var snapshot, var context))
            {
                return new BookLinkOutcome.NotFound();
            }

            // A committed key answers before anything else: a retry of a booking that succeeded must not see "used".
            if (context.IdempotencyRecord is { } record)
            {
                return await ReplayAsync(calendar, snapshot.Link, record, fingerprint!, cancellationToken);
            }

            var now = timeProvider.GetUtcNow();
            var status = snapshot.Link.GetStatus(now);
            if (status != LinkStatus.Active)
            {
                // The reads ran in parallel, not as one snapshot: the key's record may have been read just before, and the
                // link just after, the commit of this very key's booking (one transaction writes both). Read once more
                // before answering "used", so that a concurrent retry of a booking that succeeded replays it.
                if (idempotencyKey is not null && !deadLinkReadAgain)
                {
                    deadLinkReadAgain = true;
                    continue;
                }

                return new BookLinkOutcome.Dead(calendar, snapshot.Link, status);
            }

            var errors = new FieldErrors();
            var valid = BookingRequestValidator.Validate(request, errors);

            // The answers are judged with the other fields, so the invitee sees every error of the form at once.
            var answers = request is null ? null : AnswerValidator.Validate(calendar.Questions, snapshot.Link.Overrides.Questions, request.Answers, errors);
            if (valid is null || !errors.IsEmpty)
            {
                return new BookLinkOutcome.Invalid(calendar, snapshot.Link, errors);
            }

            valid = valid with { Answers = answers };

            if (LinkOffer.For(calendar, snapshot.Link, valid.DurationMinutes) is not { } offer)
            {
                errors.Add("durationMinutes", $"Must be one of {string.Join(", ", LinkOffer.DurationsFor(calendar, snapshot.Link))}.");
                return new BookLinkOutcome.Invalid(calendar, snapshot.Link, errors);
            }

            // From here on the calendar is the link's offer: its duration, title and window.
            calendar = offer.Calendar;
            if (!offer.IsOffered(valid.Start, now))
            {
                metrics.SlotConflict();
                return new BookLinkOutcome.SlotUnavailable(calendar, snapshot.Link);
            }

            var (updated, booking, manage) = Consume(calendar, snapshot.Link, valid, now);
            var manageUrl = links.Value.BuildManageUrl(manage);
            var agenda = context.Agenda ?? throw new InvalidOperationException("A valid start always reads its agenda dates.");
            if (AvailabilityRules.Check(calendar, agenda, booking.Start, booking.End) != TimeCheck.Free)
            {
                // The reads ran in parallel, not as one snapshot: the agenda may already hold a booking whose link write
                // the link read missed, possibly a booking through this very link. Only a link unchanged since makes
                // "the time is taken, the link still usable" the truth.
                if ((await store.GetLinkAsync(calendar.Id, snapshot.Link.LinkId, cancellationToken))?.Version != snapshot.Version)
                {
                    Log.LostRace(logger, calendar.Id, snapshot.Link.LinkId, attempt + 1);
                    continue;
                }

                metrics.SlotConflict();
                return new BookLinkOutcome.SlotUnavailable(calendar, snapshot.Link);
            }

            var claim = agenda.Change(
                AvailabilityRules.DatesToClaim(calendar, booking.Start, booking.End),
                removed: [],
                added: [new AgendaEntry(AgendaEntryKind.Booking, booking.BookingId, booking.Start, booking.End)]);
            var usedEvent = LinkEventFactory.Used(updated, booking, manageUrl, now);
            switch (await store.TryBookAsync(snapshot, updated, booking, usedEvent, claim, idempotencyKey, fingerprint, cancellationToken))
            {
                case BookResult.Booked:
                    Log.Booked(logger, calendar.Id, updated.LinkId, updated.Uses, updated.MaxUses);
                    metrics.Booked();
                    await dispatcher.DispatchAsync([usedEvent], cancellationToken);
                    return new BookLinkOutcome.Booked(calendar, updated, booking, Replayed: false) { ManageUrl = manageUrl, Manage = manage };
                default:
                    // The link or a claimed date changed under us (another booking, a busy interval, a revoke, the
                    // sweep) or the same key committed concurrently: decide again from a fresh read.
                    Log.LostRace(logger, calendar.Id, snapshot.Link.LinkId, attempt + 1);
                    metrics.RaceLost();
                    continue;
            }
        }

        var last = await store.GetBookingContextAsync(parsed.CalendarId, parsed.Id, null, null, cancellationToken);
        return new BookLinkOutcome.Busy(last.Calendar!, last.Link!.Link);
    }

    /// <summary>
    /// The token's calendar and link, or null when either is missing or the token is not this link's: the three answer
    /// alike, so a guessed or stale token learns nothing about what exists.
    /// </summary>
    private async Task<(BookableCalendar Calendar, LinkSnapshot Link, BookingContext Context)?> LoadAsync(
        CapabilityToken token, string? idempotencyKey, DateRange? agendaDates, CancellationToken cancellationToken)
    {
        var context = await store.GetBookingContextAsync(token.CalendarId, token.Id, idempotencyKey, agendaDates, cancellationToken);
        return context.Calendar is { } calendar && context.Link is { } snapshot && token.Matches(snapshot.Link.TokenHash)
            ? (calendar, snapshot, context)
            : null;
    }

    private static (Link Updated, Booking Booking, CapabilityToken Manage) Consume(
        BookableCalendar calendar, Link link, ValidBookingRequest request, DateTimeOffset now)
    {
        var bookingId = BookingIds.New();
        var manage = CapabilityToken.Create(calendar.Id, bookingId);
        var uses = link.Uses + 1;
        var usedUp = uses >= link.MaxUses;
        var updated = link with
        {
            Uses = uses,
            StoredStatus = usedUp ? LinkStatus.Used : LinkStatus.Active,
            EndedAt = usedUp ? now : null,
            BookingIds = [.. link.BookingIds, bookingId],
        };
        var start = request.Start.ToUniversalTime();
        var booking = new Booking(
            bookingId,
            calendar.Id,
            link.LinkId,
            start,
            start.AddMinutes(calendar.SlotMinutes),
            request.Name,
            request.Email,
            request.Phone,
            request.Message,
            now)
        {
            ManageTokenHash = manage.ComputeHash(),
            Metadata = link.Metadata,
            Utm = request.Utm,
            Answers = request.Answers,
            HiddenAnswerIds = [.. link.Overrides.Questions.Hidden.Where(id => request.Answers?.ContainsKey(id) == true)],
            LinkWindowFrom = link.Overrides.WindowFrom,
            LinkWindowTo = link.Overrides.WindowTo,
            LinkTitle = link.Overrides.Title,
            LinkNote = link.Note,

            // A request holds its time and takes the use exactly as a booking does; only its status and deadline differ.
            Status = calendar.RequiresConfirmation ? BookingStatus.Pending : BookingStatus.Confirmed,
            // A request never outlives its own start: one whose start comes before the deadline is declined by the
            // sweep at its start at the latest, rather than held for a time that has passed.
            ConfirmBy = calendar.RequiresConfirmation ? Min(now.AddHours(calendar.ConfirmationDeadlineHours), start) : null,
        };
        return (updated, booking, manage);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private async Task<BookLinkOutcome> ReplayAsync(
        BookableCalendar calendar, Link link, StoredIdempotencyRecord record, string fingerprint, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(record.Fingerprint), Encoding.ASCII.GetBytes(fingerprint)))
        {
            return new BookLinkOutcome.IdempotencyKeyReused(calendar, link);
        }

        var booking = await bookings.GetBookingAsync(calendar.Id, record.BookingId, cancellationToken)
            ?? throw new InvalidOperationException("An idempotency record points at a booking that does not exist.");
        return new BookLinkOutcome.Booked(calendar, link, booking, Replayed: true);
    }

    /// <summary>What makes two requests "the same" for an Idempotency-Key: the fields as sent, start as an instant.</summary>
    internal static string Fingerprint(BookingRequest? request)
    {
        var start = request?.Start is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var instant)
            ? instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)
            : request?.Start;
        string?[] fields = [start, request?.Name?.Trim(), request?.Email?.Trim(), request?.Phone?.Trim(), request?.Message?.Trim()];

        // A chosen duration joins the fingerprint only when sent, so keys recorded before durations existed still match.
        if (request?.DurationMinutes is { } duration)
        {
            fields = [.. fields, duration.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }

        // Answers likewise: as sent, in the client's order (a retry resends the same body).
        if (request?.Answers is { Count: > 0 } answers)
        {
            fields = [.. fields, JsonSerializer.Serialize(answers)];
        }

        var canonical = JsonSerializer.Serialize(fields);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Booked link {LinkId} of calendar {CalendarId} (use {Uses} of {MaxUses}).")]
        public static partial void Booked(ILogger logger, string calendarId, string linkId, int uses, int maxUses);

        [LoggerMessage(2, LogLevel.Debug, "Link {LinkId} of calendar {CalendarId} changed during booking attempt {Attempt}; re-reading.")]
        public static partial void LostRace(ILogger logger, string calendarId, string linkId, int attempt);
    }
}
