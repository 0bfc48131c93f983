namespace OneTimeLinks.Core.Availability;

/// <summary>Where a busy interval came from: the CRM's pushes, or one of the calendar's iCalendar feeds.</summary>
public static class BusySources
{
    /// <summary>Pushed through the busy API or the workflow queue; intervals stored before sources existed are these.</summary>
    public const string Crm = "crm";

    private const string FeedPrefix = "feed:";

    public static string Feed(string feedId) => FeedPrefix + feedId;
}
