using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Functions.Http;

namespace OneTimeLinks.Functions.Calendars;

public sealed class CalendarFunctions(ICalendarService calendars)
{
    [Function("PutCalendar")]
    public async Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendars/{calendarId}")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<CalendarRequest>(request, allowEmpty: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await calendars.SaveAsync(calendarId, body, cancellationToken) switch
        {
            SaveCalendarOutcome.Saved saved => TypedResults.Ok(CalendarResponse.From(saved.Calendar)),
            SaveCalendarOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
            var other => throw new UnmappedOutcomeException(other),
        };
    }

    [Function("GetCalendar")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        await calendars.GetAsync(calendarId, cancellationToken) is { } calendar
            ? TypedResults.Ok(CalendarResponse.From(calendar))
            : Problems.CalendarNotFound(calendarId);
}
