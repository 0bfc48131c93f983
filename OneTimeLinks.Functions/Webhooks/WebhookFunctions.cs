using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Functions.Webhooks;

/// <summary>The CRM's webhook subscriptions (the management side; deliveries are WebhookDeliveryFunctions'). Function key.</summary>
public sealed class WebhookFunctions(IWebhookService webhooks)
{
    [Function("CreateWebhook")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<WebhookRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await webhooks.CreateAsync(body, cancellationToken) switch
        {
            CreateWebhookOutcome.Created created => TypedResults.Created(
                HostConventions.PathOf($"webhooks/{created.Webhook.Id}"), WebhookResponse.Created(created)),
            CreateWebhookOutcome.LimitReached limit => LimitReached(limit.MaxSubscriptions),
            CreateWebhookOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other),
        };
    }

    [Function("ListWebhooks")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Requests.WithPageSize(request, async pageSize =>
            await webhooks.ListAsync(pageSize, request.Query["continuation"].FirstOrDefault(), cancellationToken) switch
            {
                ListWebhooksOutcome.Listed listed => TypedResults.Ok(
                    new WebhookListResponse([.. listed.Webhooks.Select(WebhookResponse.From)], listed.ContinuationToken)),
                var other => Problems.ForOutcome(other),
            });

    [Function("GetWebhook")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await webhooks.GetAsync(id, cancellationToken) is { } webhook ? TypedResults.Ok(WebhookResponse.From(webhook)) : NotFound(id);

    [Function("UpdateWebhook")]
    public async Task<IResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "webhooks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<WebhookPatchRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await webhooks.UpdateAsync(id, body, cancellationToken) switch
        {
            UpdateWebhookOutcome.Updated updated => TypedResults.Ok(WebhookResponse.From(updated.Webhook)),
            UpdateWebhookOutcome.NotFound => NotFound(id),
            UpdateWebhookOutcome.Contended => Contended(),
            var other => Problems.ForOutcome(other),
        };
    }

    [Function("DeleteWebhook")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "webhooks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await webhooks.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : Contended();

    [Function("RotateWebhookSecret")]
    public async Task<IResult> RotateSecretAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/rotate-secret")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await webhooks.RotateSecretAsync(id, cancellationToken) switch
        {
            RotateWebhookSecretOutcome.Rotated rotated => TypedResults.Ok(RotatedSecretResponse.From(rotated)),
            RotateWebhookSecretOutcome.NotFound => NotFound(id),
            RotateWebhookSecretOutcome.Contended => Contended(),
            var other => throw new UnmappedOutcomeException(other),
        };

    private static IResult NotFound(string id) => Problems.NotFound($"There is no webhook subscription '{id}'.");

    private static IResult LimitReached(int max) => Problems.LimitReached(
        "Subscription limit reached",
        $"At most {max} webhook subscriptions may exist.",
        $"The service holds the most subscriptions it allows ({max}); delete one first.",
        "webhook-limit");

    private static IResult Contended() => Problems.Conflict(
        "Subscription busy",
        "Other changes to the webhook subscriptions kept winning; nothing was changed. Please try again.",
        "webhook-contended");
}
