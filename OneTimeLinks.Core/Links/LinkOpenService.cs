using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// Counts opens a browser confirmed: the booking page's script posts once after it has rendered. A bare GET, a HEAD, a
/// mail scanner or a link preview never runs it, so only people count. Only the open fields change, never the status.
/// </summary>
internal sealed partial class LinkOpenService(
    ILinkStore store,
    IEventDispatcher dispatcher,
    TimeProvider timeProvider,
    ILogger<LinkOpenService> logger) : ILinkOpenService
{
    // Each loss means the link changed (a booking, another open); a confirmation that keeps losing is dropped.
    private const int MaxAttempts = 5;

    public async Task<bool> ConfirmOpenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParseLink(token, out var parsed))
        {
            return false;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await store.GetLinkAsync(parsed.CalendarId, parsed.Id, cancellationToken);
            if (snapshot is null || !parsed.Matches(snapshot.Link.TokenHash))
            {
                return false;
            }

            var now = timeProvider.GetUtcNow();
            if (snapshot.Link.GetStatus(now) != LinkStatus.Active)
            {
                return true;
            }

            var first = snapshot.Link.FirstOpenedAt is null;
            var opened = snapshot.Link with { OpenCount = snapshot.Link.OpenCount + 1, FirstOpenedAt = snapshot.Link.FirstOpenedAt ?? now };
            var openedEvent = first ? LinkEventFactory.Opened(opened, now) : null;
            if (await store.TryRecordOpenAsync(snapshot, opened, openedEvent, cancellationToken))
            {
                if (openedEvent is not null)
                {
                    Log.FirstOpen(logger, parsed.CalendarId, parsed.Id);
                    await dispatcher.DispatchAsync([openedEvent], cancellationToken);
                }

                return true;
            }
        }

        Log.GaveUp(logger, parsed.CalendarId, parsed.Id);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Link {LinkId} of calendar {CalendarId} was opened in a browser for the first time.")]
        public static partial void FirstOpen(ILogger logger, string calendarId, string linkId);

        [LoggerMessage(2, LogLevel.Debug, "Link {LinkId} of calendar {CalendarId} kept changing; an open confirmation was not counted.")]
        public static partial void GaveUp(ILogger logger, string calendarId, string linkId);
    }
}
