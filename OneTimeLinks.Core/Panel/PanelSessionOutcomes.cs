using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Panel;

public abstract record CreatePanelSessionOutcome
{
    /// <summary>The only time the URL (with its secret) exists; storage keeps its hash.</summary>
    public sealed record Created(PanelSession Session, string Url) : CreatePanelSessionOutcome;

    public sealed record CalendarNotFound : CreatePanelSessionOutcome, ICalendarNotFoundOutcome;

    public sealed record Invalid(FieldErrors Errors) : CreatePanelSessionOutcome, IInvalidOutcome;
}

public abstract record EndPanelSessionOutcome
{
    /// <summary>The session as it is now: ended by this call or an earlier one, or already expired (nothing written).</summary>
    public sealed record Ended(PanelSession Session) : EndPanelSessionOutcome;

    public sealed record NotFound : EndPanelSessionOutcome;
}
