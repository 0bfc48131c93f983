using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Functions.Availability;

/// <summary>
/// A busy interval as the API returns it; times in UTC, as the CRM's own clock may be in any zone. <see cref="Source"/> is
/// <c>crm</c> for what the CRM pushed and <c>feed:{feedId}</c> for what a calendar feed imported.
/// </summary>
internal sealed record BusyIntervalResponse(string Id, DateTimeOffset Start, DateTimeOffset End, string? Title)
{
    public string Source { get; init; } = BusySources.Crm;

    public static BusyIntervalResponse From(BusyInterval interval) =>
        new(interval.Id, interval.Start.ToUniversalTime(), interval.End.ToUniversalTime(), interval.Title) { Source = interval.Source };
}

internal sealed record BookingConflictResponse(string BookingId, DateTimeOffset Start, DateTimeOffset End)
{
    public static IReadOnlyList<BookingConflictResponse> From(IEnumerable<BookingConflict> conflicts) =>
        [.. conflicts.Select(c => new BookingConflictResponse(c.BookingId, c.Start.ToUniversalTime(), c.End.ToUniversalTime()))];
}

internal sealed record SavedBusyResponse(
    string Id, DateTimeOffset Start, DateTimeOffset End, string? Title, IReadOnlyList<BookingConflictResponse> Conflicts)
{
    public static SavedBusyResponse From(SaveBusyOutcome.Saved saved)
    {
        var interval = BusyIntervalResponse.From(saved.Interval);
        return new(interval.Id, interval.Start, interval.End, interval.Title, BookingConflictResponse.From(saved.Conflicts));
    }
}

internal sealed record BusyListResponse(IReadOnlyList<BusyIntervalResponse> Intervals, string? Continuation);

internal sealed record BusySyncResponse(
    int Created, int Replaced, int Deleted, int Unchanged, IReadOnlyList<BookingConflictResponse> Conflicts)
{
    public static BusySyncResponse From(SyncBusyOutcome.Synced synced) =>
        new(synced.Created, synced.Replaced, synced.Deleted, synced.Unchanged, BookingConflictResponse.From(synced.Conflicts));
}
