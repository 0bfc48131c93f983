using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The shape rules of a subscription's fields. Whether the URL's host may be connected to is the address guard's
/// question (<see cref="IWebhookAddressGuard"/>), asked only once the URL is well formed.
/// </summary>
internal static class WebhookValidator
{
    public const int MaxUrlLength = OutboundUrl.MaxLength;
    public const int MaxCalendarIds = 50;
    public const int MaxDescriptionLength = 500;

    /// <summary>The URL as an absolute http(s) URI, or null with an error on <c>url</c> (the shared outbound rules).</summary>
    /// <param name="allowLoopbackHttp">Whether plain http may pass here (the guard then requires a loopback host).</param>
    public static Uri? Url(string? value, bool allowLoopbackHttp, FieldErrors errors) =>
        OutboundUrl.Parse(value, "url", allowLoopbackHttp, errors);

    /// <summary>The event types to deliver; empty for every type.</summary>
    public static IReadOnlyList<string> EventTypes(IReadOnlyList<string?>? values, FieldErrors errors) =>
        InputRules.DistinctList(
            values,
            "eventTypes",
            LinkEventTypes.All.Count,
            value => value is not null && LinkEventTypes.All.Contains(value, StringComparer.Ordinal),
            $"Must be one of: {string.Join(", ", LinkEventTypes.All)}.",
            "value",
            errors);

    /// <summary>The calendars whose events to deliver; empty for every calendar. They need not exist yet.</summary>
    public static IReadOnlyList<string> CalendarIds(IReadOnlyList<string?>? values, FieldErrors errors) =>
        InputRules.DistinctList(
            values, "calendarIds", MaxCalendarIds, CalendarValidator.IsValidCalendarId, CalendarValidator.CalendarIdRule, "value", errors);

    public static string? Description(string? value, FieldErrors errors) =>
        InputRules.OptionalText(value, MaxDescriptionLength, "description", errors);

    public static WebhookStatus? Status(string? value, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (value)
        {
            case "enabled":
                return WebhookStatus.Enabled;
            case "disabled":
                return WebhookStatus.Disabled;
            default:
                errors.Add("status", "Must be enabled or disabled.");
                return null;
        }
    }
}
