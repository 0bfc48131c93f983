namespace OneTimeLinks.Core.Webhooks;

/// <summary>The body of <c>POST /api/webhooks</c>. Omitted (or empty) filters mean every type and every calendar.</summary>
public sealed record WebhookRequest(
    string? Url,
    IReadOnlyList<string?>? EventTypes = null,
    IReadOnlyList<string?>? CalendarIds = null,
    string? Description = null);
