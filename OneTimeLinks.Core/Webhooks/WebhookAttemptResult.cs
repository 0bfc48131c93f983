namespace OneTimeLinks.Core.Webhooks;

/// <summary>What one POST to a receiver came to; <see cref="RetryAfter"/> only from a 429 or 503 that sent one.</summary>
internal sealed record WebhookAttemptResult(int? StatusCode, TimeSpan Latency, string? Response, string? Error, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public const int Gone = 410;

    public bool Succeeded => StatusCode is >= 200 and < 300;

    public WebhookAttempt ToAttempt(DateTimeOffset at) => new(at, StatusCode, Latency, Response, Error, Detail);
}
