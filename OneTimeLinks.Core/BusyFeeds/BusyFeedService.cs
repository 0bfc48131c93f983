using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.BusyFeeds;

internal sealed class BusyFeedService(
    ICalendarStore calendars, IBusyFeedStore store, IBusyFeedStatusStore states, BusyFeedConfiguration configuration, TimeProvider timeProvider)
    : IBusyFeedService
{
    public async Task<SaveBusyFeedOutcome> SaveAsync(
        string calendarId, string feedId, BusyFeedRequest? request, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new SaveBusyFeedOutcome.CalendarNotFound();
        }

        var errors = new FieldErrors();
        if (!BusyFeedValidator.IsValidId(feedId))
        {
            errors.Add("feedId", BusyFeedValidator.IdRule);
        }

        if (request is null)
        {
            errors.Add("", "A JSON body is required.");
            return new SaveBusyFeedOutcome.Invalid(errors);
        }

        if (request.Id is not null && request.Id != feedId)
        {
            errors.Add("id", "Must be the feed id of the path, or left out.");
        }

        var url = BusyFeedValidator.Validate(request, "", configuration.AllowLoopbackHttp, errors);
        if (url is null || !errors.IsEmpty || !await configuration.CheckAddressesAsync([("url", url)], errors, cancellationToken))
        {
            return new SaveBusyFeedOutcome.Invalid(errors);
        }

        if (await calendars.GetCalendarAsync(calendarId, cancellationToken) is null)
        {
            return new SaveBusyFeedOutcome.CalendarNotFound();
        }

        var feed = new BusyFeed(feedId, url, request.RefreshMinutes ?? BusyFeedValidator.DefaultRefreshMinutes);
        return await configuration.ChangeAsync<SaveBusyFeedOutcome>(calendarId, current =>
        {
            var created = current.All(f => f.Id != feedId);
            if (created && current.Count >= BusyFeedValidator.MaxFeeds)
            {
                return (null, new SaveBusyFeedOutcome.LimitReached(BusyFeedValidator.MaxFeeds));
            }

            return ([.. current.Where(f => f.Id != feedId), feed], new SaveBusyFeedOutcome.Saved(feed, created));
        }, cancellationToken) ?? new SaveBusyFeedOutcome.Contended();
    }

    public async Task<DeleteBusyFeedOutcome> DeleteAsync(string calendarId, string feedId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new DeleteBusyFeedOutcome.CalendarNotFound();
        }

        if (!BusyFeedValidator.IsValidId(feedId))
        {
            var errors = new FieldErrors();
            errors.Add("feedId", BusyFeedValidator.IdRule);
            return new DeleteBusyFeedOutcome.Invalid(errors);
        }

        if (await calendars.GetCalendarAsync(calendarId, cancellationToken) is null)
        {
            return new DeleteBusyFeedOutcome.CalendarNotFound();
        }

        DeleteBusyFeedOutcome deleted = new DeleteBusyFeedOutcome.Deleted();
        return await configuration.ChangeAsync<DeleteBusyFeedOutcome>(
            calendarId,
            current => current.Any(f => f.Id == feedId) ? ([.. current.Where(f => f.Id != feedId)], deleted) : (null, deleted),
            cancellationToken) ?? new DeleteBusyFeedOutcome.Contended();
    }

    public async Task<IReadOnlyList<BusyFeed>> ListAsync(string calendarId, CancellationToken cancellationToken = default) =>
        CalendarValidator.IsValidCalendarId(calendarId) ? (await store.GetAsync(calendarId, cancellationToken)).Feeds : [];

    public async Task<IReadOnlyList<BusyFeedWithStatus>> ListWithStatusAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return [];
        }

        var configured = store.GetAsync(calendarId, cancellationToken);
        var statuses = states.ListAsync(calendarId, cancellationToken);
        await Task.WhenAll(configured, statuses);
        var now = timeProvider.GetUtcNow();
        var known = await statuses;
        return [.. (await configured).Feeds.Select(feed => new BusyFeedWithStatus(
            feed,
            known.GetValueOrDefault(feed.Id)?.Status ?? BusyFeedStatus.Never,
            BusyFeedSchedule.NextRefreshAt(feed.RefreshMinutes, now)))];
    }
}
