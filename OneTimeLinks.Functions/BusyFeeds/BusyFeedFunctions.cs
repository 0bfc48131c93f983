using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Functions.BusyFeeds;

/// <summary>A calendar's iCalendar feeds of busy time, one at a time (the calendar PUT sets them all). Function key.</summary>
public sealed class BusyFeedFunctions(IBusyFeedService feeds)
{
    [Function("PutBusyFeed")]
    public async Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendars/{calendarId}/busy-feeds/{feedId}")] HttpRequest request,
        string calendarId,
        string feedId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<BusyFeedRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await feeds.SaveAsync(calendarId, feedId, body, cancellationToken) switch
        {
            SaveBusyFeedOutcome.Saved { Created: true } saved => TypedResults.Created(
                $"{request.PathBase}{request.Path}", BusyFeedResponse.From(saved.Feed)),
            SaveBusyFeedOutcome.Saved saved => TypedResults.Ok(BusyFeedResponse.From(saved.Feed)),
            SaveBusyFeedOutcome.LimitReached limit => LimitReached(limit.Max),
            SaveBusyFeedOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other, calendarId),
        };
    }

    [Function("DeleteBusyFeed")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendars/{calendarId}/busy-feeds/{feedId}")] HttpRequest request,
        string calendarId,
        string feedId,
        CancellationToken cancellationToken) =>
        await feeds.DeleteAsync(calendarId, feedId, cancellationToken) switch
        {
            DeleteBusyFeedOutcome.Deleted => TypedResults.NoContent(),
            DeleteBusyFeedOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other, calendarId),
        };

    private static IResult LimitReached(int max) => Problems.LimitReached(
        "Busy feed limit reached",
        $"A calendar may have at most {max} busy feeds.",
        $"The calendar has the most busy feeds it may have ({max}); delete one first.",
        "busy-feed-limit");

    internal static IResult Contended() => Problems.Conflict(
        "Busy feeds busy",
        "Other changes to the calendar's busy feeds kept winning; nothing more was changed. Please try again.",
        "busy-feeds-contended");
}
