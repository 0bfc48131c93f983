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
        List(values, "eventTypes", LinkEventTypes.All.Count, errors, (value, field) =>
        {
            if (value is null || !LinkEventTypes.All.Contains(value, StringComparer.Ordinal))
            {
                errors.Add(field, $"Must be one of: {string.Join(", ", LinkEventTypes.All)}.");
                return false;
            }

            return true;
        });

    /// <summary>The calendars whose events to deliver; empty for every calendar. They need not exist yet.</summary>
    public static IReadOnlyList<string> CalendarIds(IReadOnlyList<string?>? values, FieldErrors errors) =>
        List(values, "calendarIds", MaxCalendarIds, errors, (value, field) =>
        {
            if (!CalendarValidator.IsValidCalendarId(value))
            {
                errors.Add(field, CalendarValidator.CalendarIdRule);
                return false;
            }

            return true;
        });

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

    private static string[] List(
        IReadOnlyList<string?>? values, string field, int max, FieldErrors errors, Func<string?, string, bool> isValid)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (values is null || values.Count == 0)
        {
            return [];
        }

        if (values.Count > max)
        {
            errors.Add(field, $"Must list at most {max}.");
            return [];
        }

        var valid = true;
        for (var i = 0; i < values.Count; i++)
        {
            valid &= isValid(values[i], $"{field}[{i}]");
        }

        if (valid && values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            errors.Add(field, "Must not list the same value twice.");
            return [];
        }

        return valid ? [.. values.Select(v => v!)] : [];
    }
}
