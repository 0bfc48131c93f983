using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Links;

/// <summary>The problems the CRM's link routes share.</summary>
internal static class LinkProblems
{
    public static IResult NotFound(string calendarId, string linkId) =>
        Problems.NotFound($"Calendar '{calendarId}' has no link '{linkId}'.");

    /// <summary>A change only an active link takes (<paramref name="done"/>: "changed", "revoked"), with the link's status.</summary>
    public static IResult NotActive(LinkStatus status, string done, string type) => Problems.Conflict(
        $"Link cannot be {done}",
        $"The link is {status.ToWireName()}; only an active link can be {done}.",
        type,
        new Dictionary<string, object?> { ["linkStatus"] = status.ToWireName() });
}
