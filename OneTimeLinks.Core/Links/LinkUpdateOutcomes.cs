using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

public abstract record UpdateLinkOutcome
{
    /// <summary>The link as it is now; <paramref name="Changed"/> false when the patch matched it already (no event).</summary>
    public sealed record Updated(Link Link, bool Changed) : UpdateLinkOutcome;

    /// <summary>Only an active link can be changed; nothing was written.</summary>
    public sealed record NotActive(Link Link, LinkStatus Status) : UpdateLinkOutcome;

    public sealed record NotFound : UpdateLinkOutcome;

    public sealed record Invalid(FieldErrors Errors) : UpdateLinkOutcome, IInvalidOutcome;

    /// <summary>Other writers (bookings, opens) kept changing the link; nothing was written.</summary>
    public sealed record Contended : UpdateLinkOutcome;
}
