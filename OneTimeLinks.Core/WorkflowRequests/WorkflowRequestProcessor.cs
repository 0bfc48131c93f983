using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.WorkflowRequests;

/// <summary>What became of one delivery of a link request.</summary>
public enum WorkflowRequestResult
{
    /// <summary>A new link; its generated event was published (or waits in the outbox for the sweep).</summary>
    Created,

    /// <summary>The request id already produced a link; its original generated event was published again.</summary>
    Duplicate,

    /// <summary>The message can never succeed and went to the poison queue with its reason.</summary>
    Rejected,

    /// <summary>A busy-time write (upsert or delete) was applied.</summary>
    Applied,
}

/// <summary>
/// Processes one message from the link-request queue (the queue function is a thin adapter over this).
/// <list type="bullet">
/// <item>Exactly once per request id: the request row is inserted in the link's own transaction, so a redelivery, a
/// duplicate send or concurrent copies create one link, and every one of them publishes that link's generated event
/// (same event id, same URL) again, so each delivery ends with the same outcome event.</item>
/// <item>A message that can never succeed (not JSON, no ids, invalid fields, unknown calendar) goes straight to the
/// poison queue with its reason and completes, so the host deletes it instead of retrying it pointlessly.</item>
/// <item>Anything transient (storage unavailable, throttling) throws: the host retries after its visibility timeout
/// and moves the message to the poison queue itself after maxDequeueCount attempts (host.json).</item>
/// </list>
/// </summary>
public sealed partial class WorkflowRequestProcessor(
    ILinkService links,
    IBusyService busy,
    IEventDispatcher dispatcher,
    WorkflowRequestPoisonSender poisonSender,
    TimeProvider timeProvider,
    LinkMetrics metrics,
    ILogger<WorkflowRequestProcessor> logger)
{
    public Task<WorkflowRequestResult> ProcessAsync(string message, CancellationToken cancellationToken = default) =>
        ProcessAsync(message, dequeueCount: 1, cancellationToken);

    // Strict: an invalid byte throws instead of becoming U+FFFD, as it is refused on HTTP (400) by the JSON reader.
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A message as the queue delivers it (the host has decoded the Base64): its bytes must be UTF-8, the rule the HTTP
    /// routes apply, so a message with an invalid byte is rejected rather than read with a replacement character.
    /// </summary>
    public async Task<WorkflowRequestResult> ProcessAsync(byte[] message, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        string text;
        try
        {
            text = StrictUtf8.GetString(message);
        }
        catch (System.Text.DecoderFallbackException)
        {
            var rejection = new WorkflowRequestRejection(WorkflowRequestRejection.NotUtf8, "The message is not valid UTF-8.");
            return await RejectAsync(rejection, System.Text.Encoding.UTF8.GetString(message), dequeueCount, requestId: null, calendarId: null, cancellationToken);
        }

        return await ProcessAsync(text, dequeueCount, cancellationToken);
    }

    /// <param name="message">The message text (the host has already decoded the Base64).</param>
    /// <param name="dequeueCount">The delivery number, as the queue counts it; reported with a rejection.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    public async Task<WorkflowRequestResult> ProcessAsync(string message, long dequeueCount, CancellationToken cancellationToken = default)
    {
        if (dequeueCount > 1)
        {
            Log.Redelivered(logger, dequeueCount);
        }

        var parsed = WorkflowRequestReader.Parse(message);
        if (parsed.Rejection is { } invalid)
        {
            return await RejectAsync(invalid, message, dequeueCount, requestId: null, calendarId: null, cancellationToken);
        }

        if (parsed.Busy is { } busyMessage)
        {
            return await ProcessBusyAsync(busyMessage, message, dequeueCount, cancellationToken);
        }

        var request = parsed.GenerateLink!;
        var requestId = request.RequestId!;
        var calendarId = request.CalendarId!;
        switch (await links.GenerateAsync(calendarId, request.ToGenerateRequest(), requestId, cancellationToken))
        {
            case GenerateLinkOutcome.Created created:
                Log.Created(logger, requestId, calendarId, created.Link.LinkId);
                return WorkflowRequestResult.Created;

            case GenerateLinkOutcome.DuplicateRequest:
                return await RepublishAsync(calendarId, requestId, cancellationToken);

            case GenerateLinkOutcome.Invalid invalidFields:
                // A redelivery can fail today's rules although its first delivery passed them (an expiresAt that has
                // since passed): a request id that already has a link ends like any other duplicate.
                if (await links.GetRequestEventAsync(calendarId, requestId, cancellationToken) is not null)
                {
                    return await RepublishAsync(calendarId, requestId, cancellationToken);
                }

                return await RejectAsync(
                    new WorkflowRequestRejection(WorkflowRequestRejection.InvalidFields, "The link request breaks the link rules.", invalidFields.Errors),
                    message, dequeueCount, requestId, calendarId, cancellationToken);

            case GenerateLinkOutcome.CalendarNotFound:
                return await RejectAsync(
                    new WorkflowRequestRejection(WorkflowRequestRejection.UnknownCalendar, $"There is no calendar '{calendarId}'."),
                    message, dequeueCount, requestId, calendarId, cancellationToken);

            case var other:
                throw new InvalidOperationException($"Unexpected generate outcome {other.GetType().Name}.");
        }
    }

    /// <summary>A busy-time write: applied like its HTTP twin; a write that kept losing races throws so the host retries it.</summary>
    private async Task<WorkflowRequestResult> ProcessBusyAsync(
        BusyWorkflowRequest request, string message, long dequeueCount, CancellationToken cancellationToken)
    {
        var calendarId = request.CalendarId!;
        (FieldErrors? Invalid, bool CalendarMissing, bool Contended) result = request.IsDelete
            ? await busy.DeleteAsync(calendarId, request.BusyId ?? "", cancellationToken) switch
            {
                DeleteBusyOutcome.Deleted => (null, false, false),
                DeleteBusyOutcome.Invalid invalid => (invalid.Errors, false, false),
                DeleteBusyOutcome.CalendarNotFound => (null, true, false),
                _ => (null, false, true),
            }
            : await busy.SaveAsync(calendarId, request.BusyId ?? "", request.ToIntervalRequest(), cancellationToken) switch
            {
                SaveBusyOutcome.Saved => (null, false, false),
                SaveBusyOutcome.Invalid invalid => (invalid.Errors, false, false),
                SaveBusyOutcome.CalendarNotFound => (null, true, false),
                _ => (null, false, true),
            };

        if (result.Invalid is { } errors)
        {
            return await RejectAsync(
                new WorkflowRequestRejection(WorkflowRequestRejection.InvalidFields, "The busy-time write breaks the busy-time rules.", errors),
                message, dequeueCount, requestId: null, calendarId, cancellationToken);
        }

        if (result.CalendarMissing)
        {
            return await RejectAsync(
                new WorkflowRequestRejection(WorkflowRequestRejection.UnknownCalendar, $"There is no calendar '{calendarId}'."),
                message, dequeueCount, requestId: null, calendarId, cancellationToken);
        }

        if (result.Contended)
        {
            throw new InvalidOperationException("Busy-time write kept losing races; the host retries the message.");
        }

        Log.BusyApplied(logger, request.Type!, calendarId);
        return WorkflowRequestResult.Applied;
    }

    private async Task<WorkflowRequestResult> RepublishAsync(string calendarId, string requestId, CancellationToken cancellationToken)
    {
        var original = await links.GetRequestEventAsync(calendarId, requestId, cancellationToken);
        if (original is null)
        {
            // Only possible once the request row is gone (purged after retention): the link was made long ago.
            Log.DuplicateWithoutEvent(logger, requestId, calendarId);
            return WorkflowRequestResult.Duplicate;
        }

        // Same id and data as the first publication, so consumers (and topic duplicate detection) drop the repeat.
        // A failed publish here stays in the outbox if the first one never went out; otherwise nothing is lost.
        await dispatcher.DispatchAsync([original], cancellationToken);
        Log.Duplicate(logger, requestId, calendarId, original.LinkId, original.Id);
        return WorkflowRequestResult.Duplicate;
    }

    private async Task<WorkflowRequestResult> RejectAsync(
        WorkflowRequestRejection rejection, string message, long dequeueCount, string? requestId, string? calendarId, CancellationToken cancellationToken)
    {
        // Sent before the function completes: if this send fails, the function fails and the host retries the original.
        await poisonSender.SendAsync(rejection, message, dequeueCount, timeProvider.GetUtcNow(), cancellationToken);
        Log.Rejected(logger, poisonSender.Name, rejection.Reason, rejection.Detail, requestId, calendarId);
        metrics.Poisoned(rejection.Reason);
        return WorkflowRequestResult.Rejected;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Link request {RequestId} created link {LinkId} in calendar {CalendarId}.")]
        public static partial void Created(ILogger logger, string requestId, string calendarId, string linkId);

        [LoggerMessage(2, LogLevel.Information,
            "Link request {RequestId} for calendar {CalendarId} was already processed (link {LinkId}); published its generated event {EventId} again.")]
        public static partial void Duplicate(ILogger logger, string requestId, string calendarId, string linkId, string eventId);

        [LoggerMessage(3, LogLevel.Warning,
            "Link request rejected to {PoisonQueue} ({Reason}): {Detail} Request {RequestId}, calendar {CalendarId}.")]
        public static partial void Rejected(ILogger logger, string poisonQueue, string reason, string detail, string? requestId, string? calendarId);

        [LoggerMessage(4, LogLevel.Warning,
            "Link request {RequestId} for calendar {CalendarId} was already processed, but its generated event is no longer stored; nothing to publish.")]
        public static partial void DuplicateWithoutEvent(ILogger logger, string requestId, string calendarId);

        [LoggerMessage(5, LogLevel.Information, "Processing a link request again (delivery {DequeueCount}); an earlier attempt failed.")]
        public static partial void Redelivered(ILogger logger, long dequeueCount);

        [LoggerMessage(6, LogLevel.Information, "Workflow message {Type} applied to calendar {CalendarId}.")]
        public static partial void BusyApplied(ILogger logger, string type, string calendarId);
    }
}
