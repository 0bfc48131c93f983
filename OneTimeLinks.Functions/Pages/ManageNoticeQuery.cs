namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The manage page's <c>?done=</c> parameter, written and read here only: the 303 after a change says what was done,
/// and the page it leads to reads that back as its notice. Only a change that was made travels in the URL; the other
/// notices are the POST's own answer.
/// </summary>
internal static class ManageNoticeQuery
{
    private const string Name = "done";
    private const string Canceled = "canceled";
    private const string Rescheduled = "rescheduled";

    /// <summary><c>done=canceled</c> or <c>done=rescheduled</c>.</summary>
    public static string Parameter(ManagePageNotice done) => Name + "=" + done switch
    {
        ManagePageNotice.Canceled => Canceled,
        ManagePageNotice.Rescheduled => Rescheduled,
        _ => throw new ArgumentOutOfRangeException(nameof(done), done, "Only a change that was made goes in the manage page's URL."),
    };

    /// <summary>The notice the request's <c>done</c> asks for; any other value (or none) shows no notice.</summary>
    public static ManagePageNotice Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query[Name].FirstOrDefault() switch
        {
            Canceled => ManagePageNotice.Canceled,
            Rescheduled => ManagePageNotice.Rescheduled,
            _ => ManagePageNotice.None,
        };
    }
}
