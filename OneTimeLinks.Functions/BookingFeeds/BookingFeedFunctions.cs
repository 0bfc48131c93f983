using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OneTimeLinks.Core.BookingFeeds;

namespace OneTimeLinks.Functions.BookingFeeds;

/// <summary>
/// The owner's booking feed: the CRM mints (and switches off) the feed URL with the function key; calendar apps read
/// the feed through that URL, whose token is the only authorization.
/// </summary>
public sealed partial class BookingFeedFunctions(IBookingFeedService feeds, IOptions<BookingFeedOptions> options, ILogger<BookingFeedFunctions> logger)
{
    private const string CalendarMediaType = "text/calendar; charset=utf-8";

    private const string FeedRoute = Hosting.HostConventions.FeedRouteSegment + "/{file}";

    [Function("MintBookingFeed")]
    public async Task<IResult> MintAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/booking-feed")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        switch (await feeds.MintAsync(calendarId, cancellationToken))
        {
            case MintBookingFeedOutcome.Minted minted:
                // The answer carries a capability: no cache may keep it. No Location either: the URL is the secret.
                request.HttpContext.Response.Headers.CacheControl = "no-store";
                return TypedResults.Json(new BookingFeedResponse(minted.Url, minted.CreatedAt), statusCode: StatusCodes.Status201Created);
            case MintBookingFeedOutcome.CalendarNotFound:
                return Problems.CalendarNotFound(calendarId);
            case MintBookingFeedOutcome.Contended:
                return Contended();
            case var other:
                throw new UnmappedOutcomeException(other);
        }
    }

    [Function("DisableBookingFeed")]
    public async Task<IResult> DisableAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendars/{calendarId}/booking-feed")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        await feeds.DisableAsync(calendarId, cancellationToken) switch
        {
            DisableBookingFeedOutcome.Disabled => TypedResults.NoContent(),
            DisableBookingFeedOutcome.NotFound => Problems.NotFound($"Calendar '{calendarId}' has no booking feed."),
            DisableBookingFeedOutcome.Contended => Contended(),
            var other => throw new UnmappedOutcomeException(other),
        };

    [Function("GetBookingFeed")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FeedRoute)] HttpRequest request,
        string file,
        CancellationToken cancellationToken)
    {
        var fields = request.Query["fields"];
        if (fields.Count > 1 || fields.Count == 1 && fields[0] != "minimal")
        {
            return Problems.InvalidField("fields", "Must be 'minimal' (name, email, phone, message and note left out) or absent.");
        }

        if (await feeds.ReadAsync(file, cancellationToken) is not ReadBookingFeedOutcome.Found found)
        {
            return Problems.NotFound("There is no booking feed at this address.");
        }

        var content = BookingFeedFile.Create(found.Calendar, found.Bookings, minimal: fields.Count == 1, options.Value.MaxBytes);
        if (content.Omitted > 0)
        {
            LogTruncated(logger, found.Calendar.Id, content.Omitted, options.Value.MaxBytes);
        }

        var etag = new EntityTagHeaderValue($"\"{Base64Url.EncodeToString(SHA256.HashData(content.Utf8))}\"");
        // HTTP dates have whole seconds: cut the rest so the date sent back in If-Modified-Since compares equal.
        var lastModified = new DateTimeOffset(found.LastModified.UtcTicks - (found.LastModified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var headers = request.HttpContext.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        request.HttpContext.Response.Headers.CacheControl = "private, no-cache";

        return IsNotModified(request, etag, lastModified)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(content.Utf8, CalendarMediaType);
    }

    /// <summary>RFC 9110 13.2.2: If-None-Match decides when present (weak comparison); If-Modified-Since only without it.</summary>
    private static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        var conditions = request.GetTypedHeaders();
        if (request.Headers.IfNoneMatch.Count > 0)
        {
            return conditions.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
        }

        return conditions.IfModifiedSince is { } since && lastModified <= since;
    }

    private static IResult Contended() => Problems.Conflict(
        "Booking feed busy",
        "Other changes to this calendar's booking feed kept winning; nothing was changed. Please try again.",
        "booking-feed-contended");

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Booking feed of calendar {CalendarId} left out its {Omitted} bookings farthest from now to stay within {MaxBytes} bytes")]
    private static partial void LogTruncated(ILogger logger, string calendarId, int omitted, int maxBytes);
}
