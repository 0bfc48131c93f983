using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Calendars;

public abstract record SaveCalendarOutcome
{
    public sealed record Saved(BookableCalendar Calendar) : SaveCalendarOutcome
    {
        /// <summary>The feeds the PUT set through <c>busyFeeds</c>; null when it left them as they were (and did not read them).</summary>
        public IReadOnlyList<BusyFeed>? BusyFeeds { get; init; }
    }

    public sealed record Invalid(FieldErrors Errors) : SaveCalendarOutcome, IInvalidOutcome;

    /// <summary>The calendar PUT's <c>busyFeeds</c> could not be stored for concurrent changes of the feeds; the calendar was.</summary>
    public sealed record FeedsContended : SaveCalendarOutcome;
}

internal sealed class CalendarService(ICalendarStore store, BusyFeedConfiguration feeds, TimeProvider timeProvider) : ICalendarService
{
    public async Task<SaveCalendarOutcome> SaveAsync(string calendarId, CalendarRequest? request, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var calendar = CalendarValidator.Validate(calendarId, request, timeProvider.GetUtcNow(), errors);
        var feedList = request?.BusyFeeds is { } requested
            ? BusyFeedValidator.ValidateList(requested, feeds.AllowLoopbackHttp, errors)
            : null;
        if (calendar is null || (request?.BusyFeeds is not null && feedList is null))
        {
            return new SaveCalendarOutcome.Invalid(errors);
        }

        // Only well-formed URLs reach the resolver, and nothing is stored unless every one of them may be fetched.
        if (feedList is not null
            && !await feeds.CheckAddressesAsync([.. feedList.Select((f, i) => ($"busyFeeds[{i}].url", f.Url))], errors, cancellationToken))
        {
            return new SaveCalendarOutcome.Invalid(errors);
        }

        await store.SaveCalendarAsync(calendar, cancellationToken);
        if (feedList is not null)
        {
            IReadOnlyList<BusyFeed> replacement =
                [.. feedList.Select(f => new BusyFeed(f.Request.Id!, f.Url, f.Request.RefreshMinutes ?? BusyFeedValidator.DefaultRefreshMinutes))];
            var saved = new SaveCalendarOutcome.Saved(calendar) { BusyFeeds = replacement };
            return await feeds.ChangeAsync<SaveCalendarOutcome>(calendarId, _ => (replacement, saved), cancellationToken)
                ?? new SaveCalendarOutcome.FeedsContended();
        }

        return new SaveCalendarOutcome.Saved(calendar);
    }

    public Task<BookableCalendar?> GetAsync(string calendarId, CancellationToken cancellationToken = default) =>
        CalendarValidator.IsValidCalendarId(calendarId)
            ? store.GetCalendarAsync(calendarId, cancellationToken)
            : Task.FromResult<BookableCalendar?>(null);
}
