namespace OneTimeLinks.Core.Links;

/// <summary>Many links of one calendar in one call, each at most once per request id however often the batch is retried.</summary>
public interface ILinkBatchService
{
    Task<GenerateLinkBatchOutcome> GenerateAsync(
        string calendarId, GenerateLinkBatchRequest? request, CancellationToken cancellationToken = default);
}
