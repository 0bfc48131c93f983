namespace OneTimeLinks.Core.Storage;

/// <summary>A calendar's booking feed (<c>bookingfeed</c>, one per calendar): the hash of its URL's secret, never the secret.</summary>
internal sealed class BookingFeedEntity : TableRow
{
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
