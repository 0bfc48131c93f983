using System.Text.Json.Serialization;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Functions.Webhooks;

/// <summary>
/// A subscription as the API shows it. Empty <c>eventTypes</c> or <c>calendarIds</c> mean every type or every calendar,
/// as in the request. <c>secret</c> is present in the create answer only (<see cref="Created"/>); every other answer
/// is built by <see cref="From"/>, which has no secret to give.
/// </summary>
internal sealed record WebhookResponse(
    string Id,
    Uri Url,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> CalendarIds,
    string? Description,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveryAt,
    int ConsecutiveFailures,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisabledReason)
{
    public static WebhookResponse From(WebhookSubscription webhook) => new(
        webhook.Id,
        webhook.Url,
        webhook.EventTypes,
        webhook.CalendarIds,
        webhook.Description,
        StatusName(webhook.Status),
        Secret: null,
        webhook.CreatedAt.ToUniversalTime(),
        webhook.LastDeliveryAt?.ToUniversalTime(),
        webhook.ConsecutiveFailures,
        webhook.DisabledReason);

    /// <summary>The answer to a create: the subscription and its signing secret, which no later answer shows again.</summary>
    public static WebhookResponse Created(CreateWebhookOutcome.Created created) =>
        From(created.Webhook) with { Secret = created.Secret };

    public static string StatusName(WebhookStatus status) => status == WebhookStatus.Disabled ? "disabled" : "enabled";
}

/// <summary>The answer to a rotation: the new secret, once, and until when the previous one still signs.</summary>
internal sealed record RotatedSecretResponse(string Id, string Secret, DateTimeOffset PreviousSecretValidUntil)
{
    public static RotatedSecretResponse From(RotateWebhookSecretOutcome.Rotated rotated) =>
        new(rotated.Webhook.Id, rotated.Secret, rotated.PreviousSecretValidUntil.ToUniversalTime());
}

internal sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks, string? Continuation);
