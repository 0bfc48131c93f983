using System.Text.Json;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.WorkflowRequests;

/// <summary>
/// Reads one message of the workflow queue. The queue carries link requests (<see cref="GenerateLinkWorkflowRequest"/>) and
/// busy-time writes (<see cref="BusyWorkflowRequest"/>), told apart by <c>type</c> (absent means a link request).
/// </summary>
internal static class WorkflowRequestReader
{
    // The HTTP body's options: web casing, strict types (no numbers from strings), unknown members ignored.
    private static readonly JsonSerializerOptions Json = InputJson.Options;

    /// <summary>Reads a message; a message that can never succeed comes back as a rejection with its reason.</summary>
    public static WorkflowRequestParseResult Parse(string? text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text ?? "", new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException)
        {
            return Reject(WorkflowRequestRejection.NotJson, "The message is not valid JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Reject(WorkflowRequestRejection.NotAnObject, $"The message must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            var type = document.RootElement.TryGetProperty("type", out var typeElement) ? typeElement : default;
            if (type.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
            {
                return Reject(WorkflowRequestRejection.UnknownType, "The field 'type' must be a string.");
            }

            switch (type.ValueKind == JsonValueKind.String ? type.GetString() : GenerateLinkWorkflowRequest.GenerateType)
            {
                case GenerateLinkWorkflowRequest.GenerateType:
                    break;
                case BusyWorkflowRequest.UpsertType or BusyWorkflowRequest.DeleteType:
                    return ParseBusy(document.RootElement);
                case var unknown:
                    return Reject(
                        WorkflowRequestRejection.UnknownType,
                        $"Unknown type '{unknown}'; use {GenerateLinkWorkflowRequest.GenerateType}, {BusyWorkflowRequest.UpsertType} or {BusyWorkflowRequest.DeleteType}.");
            }

            GenerateLinkWorkflowRequest message;
            try
            {
                message = document.RootElement.Deserialize<GenerateLinkWorkflowRequest>(Json)!;
            }
            catch (JsonException ex)
            {
                return WrongType(ex);
            }

            if (string.IsNullOrWhiteSpace(message.RequestId))
            {
                return Reject(WorkflowRequestRejection.MissingRequestId, "The message has no requestId.");
            }

            if (string.IsNullOrWhiteSpace(message.CalendarId))
            {
                return Reject(WorkflowRequestRejection.MissingCalendarId, "The message has no calendarId.");
            }

            var idErrors = new FieldErrors();
            if (message.RequestId.Length > InputRules.MaxExternalIdLength)
            {
                idErrors.Add("requestId", $"Must be 1 to {InputRules.MaxExternalIdLength} characters.");
            }

            if (!CalendarValidator.IsValidCalendarId(message.CalendarId))
            {
                idErrors.Add("calendarId", "Is not a valid calendar id.");
            }

            return idErrors.IsEmpty
                ? new WorkflowRequestParseResult(message, null)
                : Reject(WorkflowRequestRejection.InvalidFields, "The message has invalid fields.", idErrors);
        }
    }

    private static WorkflowRequestParseResult ParseBusy(JsonElement root)
    {
        BusyWorkflowRequest busy;
        try
        {
            busy = BusyWorkflowRequest.Read(root, Json);
        }
        catch (JsonException ex)
        {
            return WrongType(ex);
        }

        if (string.IsNullOrWhiteSpace(busy.CalendarId))
        {
            return Reject(WorkflowRequestRejection.MissingCalendarId, "The message has no calendarId.");
        }

        if (!CalendarValidator.IsValidCalendarId(busy.CalendarId))
        {
            var errors = new FieldErrors();
            errors.Add("calendarId", "Is not a valid calendar id.");
            return Reject(WorkflowRequestRejection.InvalidFields, "The message has invalid fields.", errors);
        }

        return new WorkflowRequestParseResult(null, null, busy);
    }

    private static WorkflowRequestParseResult WrongType(JsonException exception)
    {
        var field = InputJson.FieldName(exception);
        var errors = new FieldErrors();
        errors.Add(field, "Has the wrong JSON type.");
        return Reject(WorkflowRequestRejection.InvalidFields, $"The field '{field}' has the wrong JSON type.", errors);
    }

    private static WorkflowRequestParseResult Reject(string reason, string detail, FieldErrors? errors = null) =>
        new(null, new WorkflowRequestRejection(reason, detail, errors));
}

/// <summary>Either a message to process (a link request or a busy-time write) or the reason it can never be processed.</summary>
internal sealed record WorkflowRequestParseResult(GenerateLinkWorkflowRequest? GenerateLink, WorkflowRequestRejection? Rejection, BusyWorkflowRequest? Busy = null);

/// <summary>Why a message went to the poison queue: a stable <see cref="Reason"/> code and a sentence for people.</summary>
public sealed record WorkflowRequestRejection(string Reason, string Detail, FieldErrors? Errors = null)
{
    public const string NotJson = "not-json";
    public const string NotUtf8 = "not-utf8";
    public const string NotAnObject = "not-an-object";
    public const string MissingRequestId = "missing-request-id";
    public const string MissingCalendarId = "missing-calendar-id";
    public const string InvalidFields = "invalid-fields";
    public const string UnknownCalendar = "unknown-calendar";
    public const string UnknownType = "unknown-type";
}
