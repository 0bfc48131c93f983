using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// The shape rules of a calendar's feeds. The URL follows the outbound rules every URL the app connects to follows
/// (<see cref="OutboundUrl"/>); whether its host may be connected to is <see cref="OutboundAddressGuard"/>'s question.
/// </summary>
internal static class BusyFeedValidator
{
    public const int MaxFeeds = 5;
    public const int MinRefreshMinutes = 5;
    public const int MaxRefreshMinutes = 1440;
    public const int DefaultRefreshMinutes = 15;

    public static bool IsValidId(string? id) => InputRules.IsSlug(id, InputRules.MaxSlugLength);

    public static string IdRule => InputRules.SlugRule(InputRules.MaxSlugLength);

    /// <summary>The calendar PUT's list: null when any entry is invalid (every error reported under <c>busyFeeds…</c>).</summary>
    public static List<(BusyFeedRequest Request, Uri Url)>? ValidateList(
        IReadOnlyList<BusyFeedRequest?> requests, bool allowLoopbackHttp, FieldErrors errors)
    {
        const string Field = "busyFeeds";
        if (requests.Count > MaxFeeds)
        {
            errors.Add(Field, $"A calendar may have at most {MaxFeeds} busy feeds.");
            return null;
        }

        var valid = new List<(BusyFeedRequest, Uri)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < requests.Count; i++)
        {
            var prefix = $"{Field}[{i}]";
            if (requests[i] is not { } request)
            {
                errors.Add(prefix, "Must be an object with id and url.");
                ok = false;
                continue;
            }

            if (!IsValidId(request.Id))
            {
                errors.Add(prefix + ".id", IdRule);
                ok = false;
            }
            else if (!ids.Add(request.Id!))
            {
                errors.Add(prefix + ".id", "Must not repeat another feed's id.");
                ok = false;
            }

            if (Validate(request, prefix + ".", allowLoopbackHttp, errors) is { } url)
            {
                valid.Add((request, url));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? valid : null;
    }

    /// <summary>The URL and refresh of one feed; null after adding errors under <paramref name="prefix"/>.</summary>
    public static Uri? Validate(BusyFeedRequest request, string prefix, bool allowLoopbackHttp, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = OutboundUrl.Parse(request.Url, prefix + "url", allowLoopbackHttp, errors);
        if (request.RefreshMinutes is { } minutes && (minutes < MinRefreshMinutes || minutes > MaxRefreshMinutes))
        {
            errors.Add(prefix + "refreshMinutes", $"Must be between {MinRefreshMinutes} and {MaxRefreshMinutes}.");
            return null;
        }

        return url;
    }
}
