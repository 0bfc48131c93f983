using System.Text.Json.Serialization;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Links;

/// <summary>Bulk generation for the CRM: up to 500 links in one call, each once per requestId however often retried.</summary>
public sealed class LinkBatchFunctions(ILinkBatchService batches, TimeProvider timeProvider)
{
    // 500 items of up to ~5 KiB each (metadata 4 KiB, note, contact).
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    [Function("GenerateLinkBatch")]
    public async Task<IResult> GenerateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/links/batch")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<GenerateLinkBatchRequest>(request, allowEmpty: false, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = timeProvider.GetUtcNow();
        return await batches.GenerateAsync(calendarId, body, cancellationToken) switch
        {
            GenerateLinkBatchOutcome.Generated generated => TypedResults.Ok(new BatchResponse(
                [.. generated.Results.Select(r => r.Link is { } link
                    ? new BatchItemResponse(r.RequestId, StatusCodes.Status201Created, LinkResponse.From(link, now, r.Url), null)
                    : new BatchItemResponse(r.RequestId, StatusCodes.Status422UnprocessableEntity, null, r.Errors!.ToDictionary()))])),
            var other => Problems.ForOutcome(other, calendarId),
        };
    }
}

internal sealed record BatchResponse(IReadOnlyList<BatchItemResponse> Results);

internal sealed record BatchItemResponse(
    string? RequestId,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LinkResponse? Link,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors);
