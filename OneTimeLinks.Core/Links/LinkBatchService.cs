using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// Generates up to <see cref="MaxLinks"/> links of one calendar in one call. Each item carries a request id, so a
/// retried batch creates each link at most once and answers it again with the same link and URL.
/// </summary>
internal sealed partial class LinkBatchService(
    ILinkStore store,
    ICalendarStore calendars,
    IEventDispatcher dispatcher,
    TimeProvider timeProvider,
    IOptions<LinkOptions> options,
    LinkMetrics metrics,
    ILogger<LinkBatchService> logger) : ILinkBatchService
{
    private const int MaxLinks = 500;

    public async Task<GenerateLinkBatchOutcome> GenerateAsync(
        string calendarId, GenerateLinkBatchRequest? request, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new GenerateLinkBatchOutcome.CalendarNotFound();
        }

        var batchErrors = new FieldErrors();
        if (request?.Links is not { } items)
        {
            batchErrors.Add("links", "Is required: a list of link bodies, each with its requestId.");
        }
        else if (items.Count is 0 or > MaxLinks)
        {
            batchErrors.Add("links", $"Must hold 1 to {MaxLinks} links.");
        }

        if (!batchErrors.IsEmpty)
        {
            return new GenerateLinkBatchOutcome.Invalid(batchErrors);
        }

        var now = timeProvider.GetUtcNow();
        var links = request!.Links!;

        // Durations and questions must be the calendar's own: only a batch that sets some reads the calendar first.
        var calendar = links.Any(item => item?.DurationMinutes is { Count: > 0 } || item?.Hidden is { Count: > 0 } || item?.Prefill is { Count: > 0 })
            ? await calendars.GetCalendarAsync(calendarId, cancellationToken)
            : null;
        var results = new BatchLinkResult[links.Count];
        var toWrite = new List<(int Index, Link Link, LinkEvent Generated, string Url)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            var item = links[i];
            var errors = new FieldErrors();
            var requestId = item?.RequestId;
            if (item?.Unreadable is { } unreadable)
            {
                // Its other fields cannot be trusted; its request id, when readable, still counts as used in this batch.
                if (requestId is not null)
                {
                    seen.Add(requestId);
                }

                errors.Add(unreadable.Field, unreadable.Message);
                results[i] = new BatchLinkResult(requestId, null, null, errors);
                continue;
            }

            if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > InputRules.MaxExternalIdLength)
            {
                errors.Add("requestId", $"Is required: 1 to {InputRules.MaxExternalIdLength} characters.");
            }
            else if (!seen.Add(requestId))
            {
                errors.Add("requestId", "Appears earlier in this batch.");
            }

            var valid = GenerateLinkValidator.Validate(item?.ToGenerateRequest(), now, errors);
            if (valid is not null && calendar is not null)
            {
                valid.Overrides.CheckAgainst(calendar, errors);
            }

            if (valid is null || !errors.IsEmpty)
            {
                results[i] = new BatchLinkResult(requestId, null, null, errors);
                continue;
            }

            var (link, url, generated) = NewLink.Create(calendarId, valid, requestId, options.Value, now);
            toWrite.Add((i, link, generated, url));
        }

        if (toWrite.Count == 0)
        {
            return await calendars.GetCalendarAsync(calendarId, cancellationToken) is null
                ? new GenerateLinkBatchOutcome.CalendarNotFound()
                : new GenerateLinkBatchOutcome.Generated(results);
        }

        var written = await store.CreateLinksAsync(calendarId, [.. toWrite.Select(w => (w.Link, w.Generated))], cancellationToken);
        if (written is null)
        {
            return new GenerateLinkBatchOutcome.CalendarNotFound();
        }

        var created = new List<LinkEvent>();
        var earlier = new List<(int Index, LinkEvent Generated)>();
        for (var i = 0; i < toWrite.Count; i++)
        {
            var (index, link, generated, url) = toWrite[i];
            if (written[i] is { } stored)
            {
                earlier.Add((index, stored));
            }
            else
            {
                results[index] = new BatchLinkResult(link.RequestId, link, url, null);
                created.Add(generated);
            }
        }

        // A retried item answers with the link its first try created: id and URL from the event stored with its request
        // row, the rest from the link as it is now (it may have been booked or revoked since).
        var again = await Task.WhenAll(earlier.Select(e => AnswerAgainAsync(e.Generated, cancellationToken)));
        for (var i = 0; i < earlier.Count; i++)
        {
            results[earlier[i].Index] = again[i];
        }

        Log.BatchGenerated(logger, calendarId, created.Count, earlier.Count, results.Length - created.Count - earlier.Count);
        for (var i = 0; i < created.Count; i++)
        {
            metrics.Generated();
        }

        await dispatcher.DispatchAsync(created, cancellationToken);
        return new GenerateLinkBatchOutcome.Generated(results);
    }

    private async Task<BatchLinkResult> AnswerAgainAsync(LinkEvent generated, CancellationToken cancellationToken)
    {
        var (link, url) = await GeneratedAgain.ReadAsync(store, generated, cancellationToken);
        return new BatchLinkResult(link.RequestId, link, url, null);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Batch for calendar {CalendarId}: {Created} link(s) created, {Repeated} answered from an earlier try, {Invalid} invalid.")]
        public static partial void BatchGenerated(ILogger logger, string calendarId, int created, int repeated, int invalid);
    }
}
