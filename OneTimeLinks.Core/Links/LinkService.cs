using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Links;

/// <summary>The management side of links: generate, list, read and revoke.</summary>
internal sealed partial class LinkService(
    ILinkStore store,
    ICalendarStore calendars,
    IBookingStore bookings,
    IEventDispatcher dispatcher,
    TimeProvider timeProvider,
    IOptions<LinkOptions> options,
    LinkMetrics metrics,
    ILogger<LinkService> logger) : ILinkService
{
    // A revoke that keeps losing to concurrent writers gives up rather than spin; each loss means the link changed.
    private const int MaxAttempts = 5;

    public Task<GenerateLinkOutcome> GenerateAsync(
        string calendarId, GenerateLinkRequest? request, string? requestId = null, CancellationToken cancellationToken = default) =>
        CreateAsync(calendarId, request, requestId, idempotency: null, actor: null, cancellationToken);

    public Task<GenerateLinkOutcome> GenerateAsync(
        string calendarId, GenerateLinkRequest? request, EventActor actor, CancellationToken cancellationToken = default) =>
        CreateAsync(calendarId, request, requestId: null, idempotency: null, actor, cancellationToken);

    public FieldErrors ValidateGenerate(GenerateLinkRequest? request)
    {
        var errors = new FieldErrors();
        GenerateLinkValidator.Validate(request, timeProvider.GetUtcNow(), errors);
        return errors;
    }

    public async Task<GenerateLinkOutcome> GenerateOnceAsync(
        string calendarId, GenerateLinkRequest? request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new GenerateLinkOutcome.CalendarNotFound();
        }

        // The record is read before the body is judged: a retry answers what the first request made even when the same
        // body would no longer pass (an expiresAt that has passed since).
        var idempotency = new GenerateIdempotency(idempotencyKey, GenerateLinkFingerprint.Of(request));
        if (await store.GetGenerateRecordAsync(calendarId, idempotencyKey, cancellationToken) is { } record)
        {
            return await ReplayAsync(record, idempotency, cancellationToken);
        }

        var outcome = await CreateAsync(calendarId, request, requestId: null, idempotency, actor: null, cancellationToken);
        if (outcome is not GenerateLinkOutcome.IdempotencyKeyReused)
        {
            return outcome;
        }

        // The key's record appeared between the read and this transaction (a concurrent request with the key, or this
        // transaction itself when the SDK retried it after a lost answer): answer the link it names.
        var won = await store.GetGenerateRecordAsync(calendarId, idempotencyKey, cancellationToken)
            ?? throw new InvalidOperationException("An Idempotency-Key's insert conflicted, yet its record is gone.");
        return await ReplayAsync(won, idempotency, cancellationToken);
    }

    private async Task<GenerateLinkOutcome> ReplayAsync(
        StoredGenerateRecord record, GenerateIdempotency idempotency, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(record.Fingerprint), Encoding.ASCII.GetBytes(idempotency.Fingerprint)))
        {
            return new GenerateLinkOutcome.IdempotencyKeyReused();
        }

        var (link, url) = await GeneratedAgain.ReadAsync(store, record.Generated, cancellationToken);
        Log.Replayed(logger, link.CalendarId, link.LinkId);
        return new GenerateLinkOutcome.Created(link, url, Replayed: true);
    }

    private async Task<GenerateLinkOutcome> CreateAsync(
        string calendarId, GenerateLinkRequest? request, string? requestId, GenerateIdempotency? idempotency, EventActor? actor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var errors = new FieldErrors();
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new GenerateLinkOutcome.CalendarNotFound();
        }

        var valid = GenerateLinkValidator.Validate(request, now, errors);
        if (valid is null)
        {
            return new GenerateLinkOutcome.Invalid(errors);
        }

        // Durations must be the calendar's own: only then is the calendar read ahead of the transaction.
        if (valid.Overrides.NeedsCalendar)
        {
            if (await calendars.GetCalendarAsync(calendarId, cancellationToken) is not { } calendar)
            {
                return new GenerateLinkOutcome.CalendarNotFound();
            }

            valid.Overrides.CheckAgainst(calendar, errors);
            if (!errors.IsEmpty)
            {
                return new GenerateLinkOutcome.Invalid(errors);
            }
        }

        var (link, url, generated) = NewLink.Create(calendarId, valid, requestId, options.Value, now, actor);
        var linkId = link.LinkId;

        var result = await store.CreateLinkAsync(link, generated, idempotency, cancellationToken);
        switch (result)
        {
            case CreateLinkResult.CalendarNotFound:
                return new GenerateLinkOutcome.CalendarNotFound();
            case CreateLinkResult.DuplicateRequest:
                Log.DuplicateRequest(logger, calendarId);
                return new GenerateLinkOutcome.DuplicateRequest(calendarId, requestId!);
            case CreateLinkResult.IdempotencyKeyTaken:
                // Settled by the caller, which reads the winner's record.
                return new GenerateLinkOutcome.IdempotencyKeyReused();
        }

        Log.LinkGenerated(logger, calendarId, linkId, valid.MaxUses);
        await dispatcher.DispatchAsync([generated], cancellationToken);
        metrics.Generated();
        return new GenerateLinkOutcome.Created(link, url);
    }

    public async Task<ListLinksOutcome> ListAsync(
        string calendarId,
        string? status,
        int? pageSize,
        string? continuationToken,
        string? opened = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var openedFilter = opened switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => AddOpenedError(errors),
        };
        var statusFilter = InputRules.OptionalName<LinkStatus>(
            status, LinkStatusNames.TryParse, "status", "Must be one of active, used, expired, revoked.", errors);
        var size = Paging.PageSize(pageSize, errors);

        if (!errors.IsEmpty)
        {
            return new ListLinksOutcome.Invalid(errors);
        }

        if (await GetCalendarAsync(calendarId, cancellationToken) is null)
        {
            return new ListLinksOutcome.CalendarNotFound();
        }

        try
        {
            var page = await store.ListLinksAsync(
                calendarId, statusFilter, timeProvider.GetUtcNow(), size, continuationToken, openedFilter, cancellationToken);
            return new ListLinksOutcome.Listed(page);
        }
        catch (InvalidContinuationTokenException ex)
        {
            errors.Add("continuation", ex.Message);
            return new ListLinksOutcome.Invalid(errors);
        }
    }

    public Task<LinkEvent?> GetRequestEventAsync(string calendarId, string requestId, CancellationToken cancellationToken = default) =>
        store.GetRequestEventAsync(calendarId, requestId, cancellationToken);

    public async Task<LinkDetails?> GetAsync(string calendarId, string linkId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId) || !LinkIds.IsValid(linkId))
        {
            return null;
        }

        var snapshot = await store.GetLinkAsync(calendarId, linkId, cancellationToken);
        if (snapshot is null)
        {
            return null;
        }

        var made = snapshot.Link.Uses == 0 ? [] : await bookings.GetBookingsAsync(calendarId, snapshot.Link.BookingIds, cancellationToken);
        return new LinkDetails(snapshot.Link, made);
    }

    public Task<RevokeLinkOutcome> RevokeAsync(string calendarId, string linkId, CancellationToken cancellationToken = default) =>
        RevokeAsync(calendarId, linkId, EventActor.Api, cancellationToken);

    public async Task<RevokeLinkOutcome> RevokeAsync(string calendarId, string linkId, EventActor actor, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId) || !LinkIds.IsValid(linkId))
        {
            return new RevokeLinkOutcome.NotFound();
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await store.GetLinkAsync(calendarId, linkId, cancellationToken);
            if (snapshot is null)
            {
                return new RevokeLinkOutcome.NotFound();
            }

            var now = timeProvider.GetUtcNow();
            switch (snapshot.Link.GetStatus(now))
            {
                case LinkStatus.Revoked:
                    return new RevokeLinkOutcome.Revoked(snapshot.Link);
                case LinkStatus.Used:
                case LinkStatus.Expired:
                    return new RevokeLinkOutcome.NotRevocable(snapshot.Link, snapshot.Link.GetStatus(now));
            }

            var revoked = snapshot.Link with { StoredStatus = LinkStatus.Revoked, EndedAt = now };
            var revokedEvent = LinkEventFactory.Ended(LinkEventTypes.Revoked, revoked, now, actor);
            if (await store.TryEndLinkAsync(snapshot, revoked, revokedEvent, cancellationToken))
            {
                Log.LinkRevoked(logger, calendarId, linkId);
                await dispatcher.DispatchAsync([revokedEvent], cancellationToken);
                metrics.Revoked();
                return new RevokeLinkOutcome.Revoked(revoked);
            }
        }

        throw new InvalidOperationException($"Link {linkId} kept changing while it was being revoked.");
    }

    public async Task<UpdateLinkOutcome> UpdateAsync(
        string calendarId, string linkId, LinkPatchRequest? patch, EventActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CalendarValidator.IsValidCalendarId(calendarId) || !LinkIds.IsValid(linkId))
        {
            return new UpdateLinkOutcome.NotFound();
        }

        var errors = new FieldErrors();
        if (LinkPatchValidator.Validate(patch, timeProvider.GetUtcNow(), errors) is not { } valid)
        {
            return new UpdateLinkOutcome.Invalid(errors);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await store.GetLinkAsync(calendarId, linkId, cancellationToken);
            if (snapshot is null)
            {
                return new UpdateLinkOutcome.NotFound();
            }

            var now = timeProvider.GetUtcNow();
            var status = snapshot.Link.GetStatus(now);
            if (status != LinkStatus.Active)
            {
                return new UpdateLinkOutcome.NotActive(snapshot.Link, status);
            }

            var updated = valid.ApplyTo(snapshot.Link);
            List<string> changed = [];
            if (!string.Equals(updated.Note, snapshot.Link.Note, StringComparison.Ordinal))
            {
                changed.Add("note");
            }

            if (updated.ExpiresAt != snapshot.Link.ExpiresAt)
            {
                changed.Add("expiresAt");
            }

            if (changed.Count == 0)
            {
                return new UpdateLinkOutcome.Updated(snapshot.Link, Changed: false);
            }

            // A booking, an open or another edit that commits first changes the ETag: read again and decide again.
            var updatedEvent = LinkEventFactory.Updated(updated, changed, actor, now);
            if (await store.TryUpdateLinkAsync(snapshot, updated, updatedEvent, cancellationToken))
            {
                Log.LinkUpdated(logger, calendarId, linkId, actor.Type);
                await dispatcher.DispatchAsync([updatedEvent], cancellationToken);
                return new UpdateLinkOutcome.Updated(updated, Changed: true);
            }
        }

        return new UpdateLinkOutcome.Contended();
    }

    private static bool? AddOpenedError(FieldErrors errors)
    {
        errors.Add("opened", "Must be true or false.");
        return null;
    }

    private Task<BookableCalendar?> GetCalendarAsync(string calendarId, CancellationToken cancellationToken) =>
        CalendarValidator.IsValidCalendarId(calendarId)
            ? calendars.GetCalendarAsync(calendarId, cancellationToken)
            : Task.FromResult<BookableCalendar?>(null);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Generated link {LinkId} for calendar {CalendarId} ({MaxUses} use(s)).")]
        public static partial void LinkGenerated(ILogger logger, string calendarId, string linkId, int maxUses);

        [LoggerMessage(2, LogLevel.Information, "Revoked link {LinkId} of calendar {CalendarId}.")]
        public static partial void LinkRevoked(ILogger logger, string calendarId, string linkId);

        [LoggerMessage(3, LogLevel.Information, "A link request for calendar {CalendarId} was already processed; no new link.")]
        public static partial void DuplicateRequest(ILogger logger, string calendarId);

        [LoggerMessage(4, LogLevel.Information, "A generate for calendar {CalendarId} repeated its Idempotency-Key; answered link {LinkId} again.")]
        public static partial void Replayed(ILogger logger, string calendarId, string linkId);

        [LoggerMessage(5, LogLevel.Information, "Updated link {LinkId} of calendar {CalendarId} (by {ActorType}).")]
        public static partial void LinkUpdated(ILogger logger, string calendarId, string linkId, string actorType);
    }
}
