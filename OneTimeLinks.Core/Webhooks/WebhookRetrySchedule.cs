using Microsoft.Extensions.Options;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>When a failed attempt is tried again: the schedule's next delay with ±10 % jitter, or a receiver's Retry-After.</summary>
internal sealed class WebhookRetrySchedule(IOptions<WebhookDeliveryOptions> options)
{
    private const double Jitter = 0.1;

    /// <summary>
    /// The next attempt after the <paramref name="attemptsInRun"/>-th attempt of this run failed at <paramref name="now"/>;
    /// null when that was the last one. Jitter spreads the retries of many deliveries that failed together (an outage).
    /// </summary>
    public DateTimeOffset? NextAttempt(int attemptsInRun, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var delays = options.Value.Delays;
        if (attemptsInRun > delays.Count)
        {
            return null;
        }

        var delay = delays[attemptsInRun - 1] * (1 + ((Random.Shared.NextDouble() * 2) - 1) * Jitter);
        if (retryAfter is { } asked)
        {
            // Honoured (not before it), within bounds, so a receiver cannot park a delivery for days.
            var capped = asked < options.Value.MaxRetryAfter ? asked : options.Value.MaxRetryAfter;
            delay = capped > delay ? capped : delay;
        }

        return now + delay;
    }
}
