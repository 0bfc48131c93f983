using OneTimeLinks.Functions.Pages.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The panel pages' <c>?done=</c> parameter, written and read here only (as <c>ManageNoticeQuery</c> is for the
/// invitee's manage page): the 303 after an owner's change says what was done, and the page it leads to reads that back
/// as its notice (<see cref="PanelLinksNotice"/>, <see cref="PanelLinkNotice"/>, <see cref="PanelBookingsNotice"/>).
/// The value is the notice's name in lower case; each enum's first member, <c>None</c>, is no notice and is never
/// written. A cancel from a link's page is written by the bookings' functions and read by the link's.
/// </summary>
internal static class PanelNoticeQuery
{
    private const string Name = "done";

    /// <summary><c>done=</c> and the change made, e.g. <c>done=revoked</c>.</summary>
    public static string Parameter<TNotice>(TNotice done)
        where TNotice : struct, Enum =>
        IsNone(done)
            ? throw new ArgumentOutOfRangeException(nameof(done), done, "Only a change that was made goes in a panel page's URL.")
            : Name + "=" + Word(done);

    /// <summary>The notice the request's first <c>done</c> names; any other value (or none) shows no notice.</summary>
    public static TNotice Read<TNotice>(HttpRequest request)
        where TNotice : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[Name].FirstOrDefault();
        foreach (var notice in Enum.GetValues<TNotice>())
        {
            if (!IsNone(notice) && string.Equals(Word(notice), value, StringComparison.Ordinal))
            {
                return notice;
            }
        }

        return default;
    }

    private static bool IsNone<TNotice>(TNotice notice)
        where TNotice : struct, Enum => EqualityComparer<TNotice>.Default.Equals(notice, default);

    private static string Word<TNotice>(TNotice notice)
        where TNotice : struct, Enum => notice.ToString().ToLowerInvariant();
}
