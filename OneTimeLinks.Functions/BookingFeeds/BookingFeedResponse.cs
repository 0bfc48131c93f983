namespace OneTimeLinks.Functions.BookingFeeds;

/// <summary>A minted feed: the only answer that carries its URL (storage keeps the hash of its secret).</summary>
internal sealed record BookingFeedResponse(string Url, DateTimeOffset CreatedAt);
