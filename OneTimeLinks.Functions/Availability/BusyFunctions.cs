using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Functions.Availability;

/// <summary>Busy time pushed by the CRM (appointments made elsewhere), one interval or a window at a time. Function key.</summary>
public sealed class BusyFunctions(IBusyService busy)
{
    [Function("PutBusyInterval")]
    public Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendars/{calendarId}/busy/{busyId}")] HttpRequest request,
        string calendarId,
        string busyId,
        CancellationToken cancellationToken) =>
        ForPathId(busyId, id => SaveAsync(request, calendarId, id, cancellationToken));

    /// <summary>The same as <see cref="PutAsync"/> for any id: the id in the query, where it is decoded exactly once.</summary>
    [Function("PutBusyIntervalById")]
    public Task<IResult> PutByIdAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendars/{calendarId}/busy-by-id")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        ForQueryId(request, id => SaveAsync(request, calendarId, id, cancellationToken));

    [Function("DeleteBusyInterval")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendars/{calendarId}/busy/{busyId}")] HttpRequest request,
        string calendarId,
        string busyId,
        CancellationToken cancellationToken) =>
        ForPathId(busyId, id => RemoveAsync(calendarId, id, cancellationToken));

    /// <summary>The same as <see cref="DeleteAsync"/> for any id: the id in the query, where it is decoded exactly once.</summary>
    [Function("DeleteBusyIntervalById")]
    public Task<IResult> DeleteByIdAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendars/{calendarId}/busy-by-id")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        ForQueryId(request, id => RemoveAsync(calendarId, id, cancellationToken));

    [Function("ListBusyIntervals")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}/busy")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        Requests.WithPageSize(request, async pageSize =>
        {
            var query = request.Query;
            return await busy.ListAsync(
                calendarId, query["from"].FirstOrDefault(), query["to"].FirstOrDefault(), pageSize, query["continuation"].FirstOrDefault(), cancellationToken) switch
            {
                ListBusyOutcome.Listed listed => TypedResults.Ok(new BusyListResponse(
                    [.. listed.Page.Intervals.Select(BusyIntervalResponse.From)], listed.Page.ContinuationToken)),
                var other => Problems.ForOutcome(other, calendarId),
            };
        });

    /// <summary>A day's or a week's sync in one call: the window's busy intervals become exactly the body's.</summary>
    [Function("SyncBusyIntervals")]
    public async Task<IResult> SyncAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendars/{calendarId}/busy")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<BusySyncRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await busy.SyncAsync(calendarId, request.Query["from"].FirstOrDefault(), request.Query["to"].FirstOrDefault(), body, cancellationToken) switch
        {
            SyncBusyOutcome.Synced synced => TypedResults.Ok(BusySyncResponse.From(synced)),
            SyncBusyOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other, calendarId),
        };
    }

    private static Task<IResult> ForPathId(string routeValue, Func<string, Task<IResult>> act) =>
        BusyIdAddress.TryFromPath(routeValue, out var id)
            ? act(id)
            : Task.FromResult(Problems.InvalidField("busyId", BusyIdAddress.AmbiguousPath));

    private static Task<IResult> ForQueryId(HttpRequest request, Func<string, Task<IResult>> act) =>
        BusyIdAddress.TryFromQuery(request, out var id)
            ? act(id)
            : Task.FromResult(Problems.InvalidField(BusyIdAddress.QueryName, BusyIdAddress.MissingQuery));

    private async Task<IResult> SaveAsync(HttpRequest request, string calendarId, string busyId, CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<BusyIntervalRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await busy.SaveAsync(calendarId, busyId, body, cancellationToken) switch
        {
            SaveBusyOutcome.Saved { Created: true } saved => TypedResults.Created(
                BusyIdAddress.LocationOf(calendarId, busyId), SavedBusyResponse.From(saved)),
            SaveBusyOutcome.Saved saved => TypedResults.Ok(SavedBusyResponse.From(saved)),
            SaveBusyOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other, calendarId),
        };
    }

    private async Task<IResult> RemoveAsync(string calendarId, string busyId, CancellationToken cancellationToken) =>
        await busy.DeleteAsync(calendarId, busyId, cancellationToken) switch
        {
            DeleteBusyOutcome.Deleted => TypedResults.NoContent(),
            DeleteBusyOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other, calendarId),
        };

    private static IResult Contended() => Problems.Conflict(
        "Calendar busy",
        "Bookings or other busy-time writes kept changing the same days; nothing more was written. Please try again.",
        "calendar-contended");
}
