using System.Text.Json;
using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Core.WorkflowRequests;

/// <summary>
/// A workflow's busy-time write, on the same queue as link requests: <c>{"type": "busy.upsert", "calendarId",
/// "busyId", "start", "end", "title"?}</c> or <c>{"type": "busy.delete", "calendarId", "busyId"}</c>. The fields follow
/// the rules of <c>PUT</c> and <c>DELETE /api/calendars/{calendarId}/busy/{busyId}</c>.
/// </summary>
internal sealed record BusyWorkflowRequest(string? Type, string? CalendarId, string? BusyId, string? Start, string? End, string? Title)
{
    public const string UpsertType = "busy.upsert";
    public const string DeleteType = "busy.delete";

    public bool IsDelete => Type == DeleteType;

    public BusyIntervalRequest ToIntervalRequest() => new(Start, End, Title);

    internal static BusyWorkflowRequest Read(JsonElement message, JsonSerializerOptions options) =>
        message.Deserialize<BusyWorkflowRequest>(options)!;
}
