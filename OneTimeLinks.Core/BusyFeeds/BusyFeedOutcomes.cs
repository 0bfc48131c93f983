using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.BusyFeeds;

public abstract record SaveBusyFeedOutcome
{
    public sealed record Saved(BusyFeed Feed, bool Created) : SaveBusyFeedOutcome;

    public sealed record Invalid(FieldErrors Errors) : SaveBusyFeedOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : SaveBusyFeedOutcome, ICalendarNotFoundOutcome;

    /// <summary>The calendar has <see cref="BusyFeedValidator.MaxFeeds"/> feeds already; nothing was stored.</summary>
    public sealed record LimitReached(int Max) : SaveBusyFeedOutcome;

    /// <summary>Concurrent changes kept moving the calendar's feeds; nothing was stored and a retry may succeed.</summary>
    public sealed record Contended : SaveBusyFeedOutcome;
}

public abstract record DeleteBusyFeedOutcome
{
    /// <summary>Deleted with its busy time from now on, or there was no such feed: either way it is gone.</summary>
    public sealed record Deleted : DeleteBusyFeedOutcome;

    public sealed record Invalid(FieldErrors Errors) : DeleteBusyFeedOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : DeleteBusyFeedOutcome, ICalendarNotFoundOutcome;

    public sealed record Contended : DeleteBusyFeedOutcome;
}
