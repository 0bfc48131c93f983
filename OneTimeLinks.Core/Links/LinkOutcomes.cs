using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

public abstract record GenerateLinkOutcome
{
    /// <summary>
    /// The only time the URL (with its raw token) exists outside the event; it is not stored in clear.
    /// <paramref name="Replayed"/>: the answer of an earlier request with the same Idempotency-Key (nothing new written).
    /// </summary>
    public sealed record Created(Link Link, string Url, bool Replayed = false) : GenerateLinkOutcome;

    /// <summary>The Idempotency-Key was used before with another body: nothing written.</summary>
    public sealed record IdempotencyKeyReused : GenerateLinkOutcome;

    public sealed record CalendarNotFound : GenerateLinkOutcome, ICalendarNotFoundOutcome;

    public sealed record Invalid(FieldErrors Errors) : GenerateLinkOutcome, IInvalidOutcome;

    /// <summary>A workflow request id that already produced a link (queue redelivery or a duplicate send).</summary>
    public sealed record DuplicateRequest(string CalendarId, string RequestId) : GenerateLinkOutcome;
}

/// <summary>One page of a calendar's links, newest first; the token (opaque to callers) asks for the next one.</summary>
public sealed record LinkPage(IReadOnlyList<Link> Links, string? ContinuationToken);

public abstract record ListLinksOutcome
{
    public sealed record Listed(LinkPage Page) : ListLinksOutcome;

    public sealed record CalendarNotFound : ListLinksOutcome, ICalendarNotFoundOutcome;

    public sealed record Invalid(FieldErrors Errors) : ListLinksOutcome, IInvalidOutcome;
}

public abstract record RevokeLinkOutcome
{
    public sealed record Revoked(Link Link) : RevokeLinkOutcome;

    public sealed record NotRevocable(Link Link, LinkStatus Status) : RevokeLinkOutcome;

    public sealed record NotFound : RevokeLinkOutcome;
}

/// <summary>A link with its bookings, for the management API.</summary>
public sealed record LinkDetails(Link Link, IReadOnlyList<Booking> Bookings);
