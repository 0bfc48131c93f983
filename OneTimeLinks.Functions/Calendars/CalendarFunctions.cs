using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Functions.BusyFeeds;

namespace OneTimeLinks.Functions.Calendars;

public sealed class CalendarFunctions(ICalendarService calendars, IBusyFeedService feeds)
{
    [Function("PutCalendar")]
    public async Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendars/{calendarId}")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<CalendarRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await calendars.SaveAsync(calendarId, body, cancellationToken) switch
        {
            SaveCalendarOutcome.Saved saved => TypedResults.Ok(CalendarResponse.From(saved.Calendar) with
            {
                BusyFeeds = saved.BusyFeeds is { } set ? BusyFeedResponse.From(set.OrderBy(f => f.Id, StringComparer.Ordinal)) : null,
            }),
            SaveCalendarOutcome.FeedsContended => BusyFeedFunctions.Contended(),
            var other => Problems.ForOutcome(other),
        };
    }

    [Function("GetCalendar")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        var calendar = calendars.GetAsync(calendarId, cancellationToken);
        var busyFeeds = feeds.ListWithStatusAsync(calendarId, cancellationToken);
        await Task.WhenAll(calendar, busyFeeds);
        return await calendar is { } found
            ? TypedResults.Ok(CalendarResponse.From(found) with { BusyFeeds = BusyFeedResponse.From(await busyFeeds) })
            : Problems.CalendarNotFound(calendarId);
    }
}
