using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Functions.Http;

/// <summary>RFC 9457 problem details for every JSON error this API returns.</summary>
internal static class Problems
{
    // URNs: stable identifiers clients can switch on, without pretending to be resolvable documentation pages.
    private const string TypeBase = "urn:onetimelinks:problem:";

    public static IResult Validation(FieldErrors errors) =>
        Results.ValidationProblem(
            errors.ToDictionary(),
            detail: "One or more fields are invalid; see errors.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Invalid request",
            type: TypeBase + "validation");

    /// <summary>A validation problem about one field, for checks made before the domain sees the request.</summary>
    public static IResult InvalidField(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Validation(errors);
    }

    public static IResult MalformedJson(string field) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Type = TypeBase + "malformed-json",
            Detail = field.Length == 0
                ? "The body is not valid JSON of the expected shape."
                : $"The field '{field}' has a value of the wrong type or the JSON is not well formed there.",
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = ["Has a value of the wrong type or is not well-formed JSON."] } },
        });

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request", type: TypeBase + "bad-request");

    public static IResult InvalidIdempotencyKey() =>
        BadRequest($"Idempotency-Key must be one header of {Requests.MinIdempotencyKeyLength} to {Requests.MaxIdempotencyKeyLength} visible ASCII characters.");

    /// <summary>An Idempotency-Key sent again with another request body: nothing was done.</summary>
    public static IResult IdempotencyKeyReused() => Unprocessable(
        "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.", "idempotency-key-reused");

    public static IResult PayloadTooLarge(int maxBytes) =>
        TypedResults.Problem($"The body must be at most {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Payload too large", type: TypeBase + "payload-too-large");

    public static IResult UnsupportedMediaType() =>
        TypedResults.Problem("Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type", type: TypeBase + "unsupported-media-type");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: TypeBase + "not-found");

    public static IResult CalendarNotFound(string calendarId) => NotFound($"There is no calendar '{calendarId}'.");

    /// <summary>
    /// The answer to an outcome a function's switch leaves to the kinds every operation shares: refused input (422 with
    /// its field errors) and, on a calendar's routes, no such calendar. Any other outcome is one nobody mapped.
    /// </summary>
    public static IResult ForOutcome(object outcome, string? calendarId = null) => outcome switch
    {
        IInvalidOutcome invalid => Validation(invalid.Errors),
        ICalendarNotFoundOutcome when calendarId is not null => CalendarNotFound(calendarId),
        _ => throw new UnmappedOutcomeException(outcome),
    };

    public static IResult Conflict(string title, string detail, string type, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, type: TypeBase + type, extensions: extensions);

    public static IResult Gone(string title, string detail, string type, IDictionary<string, object?> extensions) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status410Gone, title: title, type: TypeBase + type, extensions: extensions);

    public static IResult Unprocessable(string title, string detail, string type) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, type: TypeBase + type);

    /// <summary>
    /// A limit reached: a validation problem (field errors, 422) of its own type, so a client can tell "delete one first"
    /// from a bad field; <paramref name="message"/> stands under the empty key.
    /// </summary>
    public static IResult LimitReached(string title, string detail, string message, string type)
    {
        var errors = new FieldErrors();
        errors.Add("", message);
        return Results.ValidationProblem(
            errors.ToDictionary(), detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, type: TypeBase + type);
    }
}
