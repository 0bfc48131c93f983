namespace OneTimeLinks.Core.BookingFeeds;

/// <summary>Configuration section <c>BookingFeeds</c>; the path is the host's to set, the windows are the feed's rules.</summary>
public sealed class BookingFeedOptions
{
    public const string SectionName = "BookingFeeds";

    /// <summary>The path of the feed route, ending in '/'. The host knows its routes and sets it; the default is the Functions host's.</summary>
    public string FeedPath { get; set; } = "/api/feeds/";

    /// <summary>How far back the feed reaches, by a booking's start.</summary>
    public TimeSpan PastWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a canceled booking stays in the feed (as <c>STATUS:CANCELLED</c>) after its cancel, so subscribed clients remove it.</summary>
    public TimeSpan CanceledKeptFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The most a feed answer may weigh, in octets of UTF-8.</summary>
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;
}
