using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.BookingFeeds;

internal sealed partial class BookingFeedService(
    IBookingFeedStore store,
    IOptions<BookingFeedOptions> feedOptions,
    IOptions<LinkOptions> linkOptions,
    TimeProvider time,
    ILogger<BookingFeedService> logger) : IBookingFeedService
{
    // A mint only loses to another mint or a delete of the same calendar's feed; a few rounds settle any real contention.
    private const int MaxTries = 8;

    public async Task<MintBookingFeedOutcome> MintAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new MintBookingFeedOutcome.CalendarNotFound();
        }

        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            var context = await store.GetAsync(calendarId, cancellationToken);
            if (context.Calendar is null)
            {
                return new MintBookingFeedOutcome.CalendarNotFound();
            }

            var token = BookingFeedToken.Create(calendarId);
            var createdAt = time.GetUtcNow();
            if (await store.TryReplaceAsync(calendarId, context.Feed, token.ComputeHash(), createdAt, cancellationToken) == BookingFeedWriteResult.Written)
            {
                LogMinted(logger, calendarId, context.Feed is not null);
                return new MintBookingFeedOutcome.Minted(BuildUrl(token), createdAt);
            }
        }

        return new MintBookingFeedOutcome.Contended();
    }

    public async Task<DisableBookingFeedOutcome> DisableAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new DisableBookingFeedOutcome.NotFound();
        }

        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            var context = await store.GetAsync(calendarId, cancellationToken);
            if (context.Feed is not { } feed)
            {
                return new DisableBookingFeedOutcome.NotFound();
            }

            if (await store.TryDeleteAsync(calendarId, feed, cancellationToken) == BookingFeedWriteResult.Written)
            {
                LogDisabled(logger, calendarId);
                return new DisableBookingFeedOutcome.Disabled();
            }
        }

        return new DisableBookingFeedOutcome.Contended();
    }

    public async Task<ReadBookingFeedOutcome> ReadAsync(string? fileName, CancellationToken cancellationToken = default)
    {
        // Nothing is written on this path, whatever the token: it only reads.
        if (!BookingFeedToken.TryParseFileName(fileName, out var token))
        {
            return new ReadBookingFeedOutcome.NotFound();
        }

        var context = await store.GetAsync(token.CalendarId, cancellationToken);
        if (context.Calendar is not { } calendar || context.Feed is not { } feed || !token.Matches(feed.TokenHash))
        {
            return new ReadBookingFeedOutcome.NotFound();
        }

        var options = feedOptions.Value;
        var now = time.GetUtcNow();
        var listed = await store.ListAsync(calendar.Id, now - options.PastWindow, HorizonEnd(calendar, now), cancellationToken);
        var bookings = listed.Where(b => BookingFeedRules.IsInFeed(b, now, options.CanceledKeptFor)).ToList();
        var lastModified = bookings.Select(BookingFeedRules.LastModified).Append(feed.CreatedAt).Max();
        return new ReadBookingFeedOutcome.Found(calendar, NearestFirst(bookings, now), lastModified);
    }

    private string BuildUrl(BookingFeedToken token) =>
        $"{linkOptions.Value.PublicBaseUrl.TrimEnd('/')}{feedOptions.Value.FeedPath}{token.FileName}";

    // The last instant a link may offer: bookings the organiser moved past it appear once the horizon reaches them.
    private static DateTimeOffset HorizonEnd(BookableCalendar calendar, DateTimeOffset now) => now.AddDays(calendar.HorizonDays + 1);

    private static List<Booking> NearestFirst(List<Booking> bookings, DateTimeOffset now) =>
    [
        .. bookings.Where(b => b.End > now).OrderBy(b => b.Start),
        .. bookings.Where(b => b.End <= now).OrderByDescending(b => b.Start),
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking feed of calendar {CalendarId} minted (replacing an earlier one: {Replaced})")]
    private static partial void LogMinted(ILogger logger, string calendarId, bool replaced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking feed of calendar {CalendarId} disabled")]
    private static partial void LogDisabled(ILogger logger, string calendarId);
}
