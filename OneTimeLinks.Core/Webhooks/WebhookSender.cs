using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// One signed POST of an event to a subscription's URL, through the outbound client (which refuses forbidden addresses
/// at every connect, follows no redirect and times out): the CloudEvent in structured mode, the Standard Webhooks
/// headers, at most 1 KiB of the answer read.
/// </summary>
internal sealed class WebhookSender(
    IHttpClientFactory clients,
    WebhookSecrets secrets,
    IWebhookAddressGuard guard,
    IOptions<EventOptions> events,
    IOptions<WebhookOptions> options,
    TimeProvider time)
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";
    public const int MaxResponseBytes = 1024;

    public async Task<WebhookAttemptResult> SendAsync(StoredWebhook webhook, LinkEvent linkEvent, CancellationToken cancellationToken)
    {
        var body = CloudEventMapper.ToStructuredJson(linkEvent, events.Value.Source).ToArray();
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.Add("webhook-id", linkEvent.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(linkEvent.Id, timestamp, body, secrets.SigningSecrets(webhook, now)));

        // Latency is a measurement of this machine's wall clock, not a decision, so a stopwatch and not the TimeProvider.
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.AttemptTimeout);
        try
        {
            var client = clients.CreateClient(OutboundHttp.WebhookClient);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var excerpt = await ReadExcerptAsync(response, deadline.Token);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            return new WebhookAttemptResult(
                status, Stopwatch.GetElapsedTime(started), excerpt, succeeded ? null : WebhookAttemptErrors.Status, RetryAfter: RetryAfterOf(response, now));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttemptResult(null, Stopwatch.GetElapsedTime(started), null, WebhookAttemptErrors.Timeout);
        }
        catch (HttpRequestException ex)
        {
            // The handler refuses a forbidden address before connecting; the guard says why, for the delivery log.
            var refusal = await guard.FindRefusalAsync(webhook.Subscription.Url, cancellationToken);
            return refusal is not null
                ? new WebhookAttemptResult(null, Stopwatch.GetElapsedTime(started), null, WebhookAttemptErrors.ForbiddenAddress, refusal)
                : new WebhookAttemptResult(null, Stopwatch.GetElapsedTime(started), null, WebhookAttemptErrors.Connection, ex.HttpRequestError.ToString());
        }
    }

    /// <summary>At most <see cref="MaxResponseBytes"/> of the answer; the rest is never read.</summary>
    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseBytes);
        try
        {
            var read = 0;
            while (read < MaxResponseBytes)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, MaxResponseBytes - read), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        return wait > TimeSpan.Zero ? wait : null;
    }
}
