using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.BookingFeeds;

/// <summary>
/// The capability in a booking feed URL: <c>{calendarId}.{secret}.ics</c>. The calendar routes the request to its
/// partition and the feed row (a point read); only the secret authorizes, 256 bits like a link's
/// (<see cref="TokenSecret"/>), and storage keeps just its SHA-256. A calendar has one feed, so no id is needed.
/// </summary>
public sealed record BookingFeedToken(string CalendarId, string Secret)
{
    public const string FileExtension = ".ics";

    // A calendar id (at most 64 characters), a dot, the secret and ".ics", with room to spare; longer is never a feed.
    private const int MaxLength = 200;

    /// <summary>The last path segment of the feed URL.</summary>
    public string FileName => $"{CalendarId}.{Secret}{FileExtension}";

    public static BookingFeedToken Create(string calendarId) => new(calendarId, TokenSecret.Create());

    /// <summary>Reads a feed URL's last path segment, as the route gives it; anything else (no ".ics", odd characters, a path) is no feed.</summary>
    public static bool TryParseFileName(string? fileName, out BookingFeedToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(fileName) || fileName.Length > MaxLength
            || !fileName.EndsWith(FileExtension, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = fileName[..^FileExtension.Length].Split('.');
        if (parts.Length != 2 || !CalendarValidator.IsValidCalendarId(parts[0]) || !TokenSecret.IsWellFormed(parts[1]))
        {
            return false;
        }

        token = new BookingFeedToken(parts[0], parts[1]);
        return true;
    }

    public string ComputeHash() => TokenSecret.Hash(Secret);

    public bool Matches(string storedHash) => TokenSecret.Matches(Secret, storedHash);

    public override string ToString() => $"{CalendarId}.***{FileExtension}";
}
