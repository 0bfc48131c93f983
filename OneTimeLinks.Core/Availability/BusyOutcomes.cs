using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Availability;

public abstract record SaveBusyOutcome
{
    public sealed record Saved(BusyInterval Interval, bool Created, IReadOnlyList<BookingConflict> Conflicts) : SaveBusyOutcome;

    public sealed record Invalid(FieldErrors Errors) : SaveBusyOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : SaveBusyOutcome, ICalendarNotFoundOutcome;

    /// <summary>Concurrent writers kept changing the same dates; nothing was written and a retry may succeed.</summary>
    public sealed record Contended : SaveBusyOutcome;
}

public abstract record DeleteBusyOutcome
{
    /// <summary>Deleted, or there was nothing to delete: either way the interval is gone.</summary>
    public sealed record Deleted : DeleteBusyOutcome;

    public sealed record Invalid(FieldErrors Errors) : DeleteBusyOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : DeleteBusyOutcome, ICalendarNotFoundOutcome;

    public sealed record Contended : DeleteBusyOutcome;
}

public abstract record ListBusyOutcome
{
    public sealed record Listed(BusyPage Page) : ListBusyOutcome;

    public sealed record Invalid(FieldErrors Errors) : ListBusyOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : ListBusyOutcome, ICalendarNotFoundOutcome;
}

public abstract record SyncBusyOutcome
{
    public sealed record Synced(int Created, int Replaced, int Deleted, int Unchanged, IReadOnlyList<BookingConflict> Conflicts)
        : SyncBusyOutcome
    {
        /// <summary>The bookings that the intervals this sync created or moved overlap: the ones nobody was told of yet.</summary>
        public IReadOnlyList<BookingConflict> NewConflicts { get; init; } = [];
    }

    public sealed record Invalid(FieldErrors Errors) : SyncBusyOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : SyncBusyOutcome, ICalendarNotFoundOutcome;

    /// <summary>Concurrent writers kept changing the same dates; part of the window may be synced, and a retry finishes it.</summary>
    public sealed record Contended : SyncBusyOutcome;
}
