using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Webhooks;

internal sealed partial class WebhookService(
    IWebhookStore store,
    WebhookSecrets secrets,
    IWebhookAddressGuard guard,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookService> logger) : IWebhookService
{
    // Deliveries write a subscription after every attempt; a change that keeps losing to them this often gives up.
    private const int MaxWriteAttempts = 8;

    public async Task<CreateWebhookOutcome> CreateAsync(WebhookRequest? request, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (request is null)
        {
            errors.Add("", "A JSON object is required.");
            return new CreateWebhookOutcome.Invalid(errors);
        }

        var url = await UrlAsync(request.Url, errors, cancellationToken);
        var eventTypes = WebhookValidator.EventTypes(request.EventTypes, errors);
        var calendarIds = WebhookValidator.CalendarIds(request.CalendarIds, errors);
        var description = WebhookValidator.Description(request.Description, errors);
        if (url is null || !errors.IsEmpty)
        {
            return new CreateWebhookOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var subscription = new WebhookSubscription(
            WebhookIds.New(now), url, eventTypes, calendarIds, description, WebhookStatus.Enabled, now, null, 0);
        var secret = WebhookSecrets.Create();
        var max = options.Value.MaxSubscriptions;
        switch (await store.TryAddAsync(new StoredWebhook(subscription, secrets.Protect(secret), null, null, ""), max, cancellationToken))
        {
            case WebhookAddResult.Added:
                Log.Created(logger, subscription.Id, url.IdnHost);
                return new CreateWebhookOutcome.Created(subscription, secret);
            case WebhookAddResult.LimitReached:
                return new CreateWebhookOutcome.LimitReached(max);
            default:
                return new CreateWebhookOutcome.Contended();
        }
    }

    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        WebhookIds.IsValid(id) ? (await store.GetAsync(id, cancellationToken))?.Subscription : null;

    public async Task<ListWebhooksOutcome> ListAsync(int? pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var size = Paging.PageSize(pageSize, errors);
        if (!errors.IsEmpty)
        {
            return new ListWebhooksOutcome.Invalid(errors);
        }

        try
        {
            var page = await store.ListAsync(size, continuationToken, cancellationToken);
            return new ListWebhooksOutcome.Listed(page.Webhooks, page.ContinuationToken);
        }
        catch (InvalidContinuationTokenException ex)
        {
            errors.Add("continuation", ex.Message);
            return new ListWebhooksOutcome.Invalid(errors);
        }
    }

    public async Task<UpdateWebhookOutcome> UpdateAsync(string id, WebhookPatchRequest? patch, CancellationToken cancellationToken = default)
    {
        if (!WebhookIds.IsValid(id))
        {
            return new UpdateWebhookOutcome.NotFound();
        }

        var errors = new FieldErrors();
        if (patch is null)
        {
            errors.Add("", "A JSON object is required.");
            return new UpdateWebhookOutcome.Invalid(errors);
        }

        var change = await ValidateAsync(patch, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return new UpdateWebhookOutcome.Invalid(errors);
        }

        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            if (await store.GetAsync(id, cancellationToken) is not { } stored)
            {
                return new UpdateWebhookOutcome.NotFound();
            }

            var updated = stored with { Subscription = change(stored.Subscription) };
            if (await store.TryReplaceAsync(updated, cancellationToken) is { } written)
            {
                Log.Updated(logger, id);
                return new UpdateWebhookOutcome.Updated(written.Subscription);
            }
        }

        return new UpdateWebhookOutcome.Contended();
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!WebhookIds.IsValid(id))
        {
            return true;
        }

        var result = await store.DeleteAsync(id, cancellationToken);
        if (result == WebhookDeleteResult.Deleted)
        {
            Log.Deleted(logger, id);
        }

        return result != WebhookDeleteResult.Contended;
    }

    public async Task<RotateWebhookSecretOutcome> RotateSecretAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!WebhookIds.IsValid(id))
        {
            return new RotateWebhookSecretOutcome.NotFound();
        }

        var secret = WebhookSecrets.Create();
        var protectedSecret = secrets.Protect(secret);
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            if (await store.GetAsync(id, cancellationToken) is not { } stored)
            {
                return new RotateWebhookSecretOutcome.NotFound();
            }

            // Only the secret being replaced keeps signing: a second rotation inside the overlap retires the oldest.
            var validUntil = time.GetUtcNow() + options.Value.SecretRotationOverlap;
            var rotated = stored with
            {
                ProtectedSecret = protectedSecret,
                ProtectedPreviousSecret = stored.ProtectedSecret,
                PreviousSecretValidUntil = validUntil,
            };
            if (await store.TryReplaceAsync(rotated, cancellationToken) is { } written)
            {
                Log.Rotated(logger, id, validUntil);
                return new RotateWebhookSecretOutcome.Rotated(written.Subscription, secret, validUntil);
            }
        }

        return new RotateWebhookSecretOutcome.Contended();
    }

    private async Task<Uri?> UrlAsync(string? value, FieldErrors errors, CancellationToken cancellationToken)
    {
        var url = WebhookValidator.Url(value, options.Value.AllowLoopbackHttp, errors);
        if (url is not null && await guard.FindRefusalAsync(url, cancellationToken) is { } refusal)
        {
            errors.Add("url", refusal);
            return null;
        }

        return url;
    }

    /// <summary>Validates the fields present and returns how they change a subscription (re-applied on each retry).</summary>
    private async Task<Func<WebhookSubscription, WebhookSubscription>> ValidateAsync(
        WebhookPatchRequest patch, FieldErrors errors, CancellationToken cancellationToken)
    {
        Uri? url = null;
        if (patch.HasUrl)
        {
            url = await UrlAsync(patch.Url, errors, cancellationToken);
        }

        var eventTypes = patch.HasEventTypes ? WebhookValidator.EventTypes(patch.EventTypes, errors) : null;
        var calendarIds = patch.HasCalendarIds ? WebhookValidator.CalendarIds(patch.CalendarIds, errors) : null;
        var description = patch.HasDescription ? WebhookValidator.Description(patch.Description, errors) : null;
        var status = patch.HasStatus ? WebhookValidator.Status(patch.Status, errors) : null;
        return subscription =>
        {
            var changed = subscription with
            {
                Url = url ?? subscription.Url,
                EventTypes = eventTypes ?? subscription.EventTypes,
                CalendarIds = calendarIds ?? subscription.CalendarIds,
                Description = patch.HasDescription ? description : subscription.Description,
            };
            return status switch
            {
                WebhookStatus.Disabled => changed with { Status = WebhookStatus.Disabled, DisabledReason = null },

                // Enabling again starts afresh: the old run of failures must not disable it again at the next one.
                WebhookStatus.Enabled when subscription.Status == WebhookStatus.Disabled => changed with
                {
                    Status = WebhookStatus.Enabled,
                    ConsecutiveFailures = 0,
                    FailingSince = null,
                    DisabledReason = null,
                },
                _ => changed,
            };
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created webhook subscription {WebhookId} to host {Host}.")]
        public static partial void Created(ILogger logger, string webhookId, string host);

        [LoggerMessage(2, LogLevel.Information, "Changed webhook subscription {WebhookId}.")]
        public static partial void Updated(ILogger logger, string webhookId);

        [LoggerMessage(3, LogLevel.Information, "Deleted webhook subscription {WebhookId}.")]
        public static partial void Deleted(ILogger logger, string webhookId);

        [LoggerMessage(4, LogLevel.Information, "Rotated the secret of webhook subscription {WebhookId}; the previous one signs until {ValidUntil}.")]
        public static partial void Rotated(ILogger logger, string webhookId, DateTimeOffset validUntil);
    }
}
