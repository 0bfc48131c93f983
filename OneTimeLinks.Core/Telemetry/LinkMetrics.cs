using System.Diagnostics.Metrics;

namespace OneTimeLinks.Core.Telemetry;

/// <summary>
/// The app's business metrics, on the meter <see cref="MeterName"/> (exported to Application Insights as custom
/// metrics). One per container, from its <see cref="IMeterFactory"/>, injected where an outcome is decided; the factory
/// owns the meter, so two apps in one process (the tests') count apart. No tag carries a token, a URL or personal data.
/// </summary>
public sealed class LinkMetrics
{
    public const string MeterName = "OneTimeLinks";

    private readonly Counter<long> _linksGenerated;
    private readonly Counter<long> _linksOpened;
    private readonly Counter<long> _linksBooked;
    private readonly Counter<long> _linksRevoked;
    private readonly Counter<long> _linksExpired;
    private readonly Counter<long> _racesLost;
    private readonly Counter<long> _slotConflicts;
    private readonly Counter<long> _poisonMessages;
    private readonly Histogram<long> _outboxBacklog;
    private readonly Histogram<double> _sweepDuration;
    private readonly Counter<long> _webhookSucceeded;
    private readonly Counter<long> _webhookFailed;
    private readonly Counter<long> _webhookRetried;
    private readonly Histogram<double> _webhookLatency;
    private readonly Counter<long> _webhooksDisabled;

    // Not a primary constructor: every instrument is created on the one meter the factory hands out.
    public LinkMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _linksGenerated = meter.CreateCounter<long>("onetimelinks.links.generated", "{link}", "Links created (HTTP or queue request).");
        _linksOpened = meter.CreateCounter<long>("onetimelinks.links.opened", "{open}", "Link pages opened while the link was usable.");
        _linksBooked = meter.CreateCounter<long>("onetimelinks.links.booked", "{booking}", "Bookings committed through a link.");
        _linksRevoked = meter.CreateCounter<long>("onetimelinks.links.revoked", "{link}", "Active links revoked.");
        _linksExpired = meter.CreateCounter<long>("onetimelinks.links.expired", "{link}", "Active links the sweep expired.");
        _racesLost = meter.CreateCounter<long>("onetimelinks.booking.races_lost", "{attempt}", "Booking transactions that lost the link's ETag to a concurrent writer.");
        _slotConflicts = meter.CreateCounter<long>("onetimelinks.booking.slot_conflicts", "{attempt}", "Bookings refused because the slot was taken or not offered.");
        _poisonMessages = meter.CreateCounter<long>("onetimelinks.link_requests.poison", "{message}", "Link requests moved to the poison queue by the app, by reason.");
        _outboxBacklog = meter.CreateHistogram<long>("onetimelinks.outbox.backlog", "{event}", "Events the sweep found still unpublished after Sweep:RedeliveryDelay (one value per run).");
        _sweepDuration = meter.CreateHistogram<double>("onetimelinks.sweep.duration", "s", "Duration of a sweep run, by outcome.");
        _webhookSucceeded = meter.CreateCounter<long>("onetimelinks.webhooks.deliveries.succeeded", "{delivery}", "Webhook deliveries a receiver answered with 2xx.");
        _webhookFailed = meter.CreateCounter<long>("onetimelinks.webhooks.deliveries.failed", "{delivery}", "Webhook deliveries that ended failed (schedule exhausted, or 410 Gone).");
        _webhookRetried = meter.CreateCounter<long>("onetimelinks.webhooks.deliveries.retried", "{attempt}", "Failed webhook attempts scheduled to be tried again.");
        _webhookLatency = meter.CreateHistogram<double>("onetimelinks.webhooks.delivery.latency", "s", "Duration of one webhook attempt, from sending to the receiver's answer or the failure.");
        _webhooksDisabled = meter.CreateCounter<long>("onetimelinks.webhooks.disabled", "{subscription}", "Webhook subscriptions the service disabled, by reason (gone, failing).");
    }

    internal void Generated() => _linksGenerated.Add(1);

    internal void Opened() => _linksOpened.Add(1);

    internal void Booked() => _linksBooked.Add(1);

    internal void Revoked() => _linksRevoked.Add(1);

    internal void Expired() => _linksExpired.Add(1);

    internal void RaceLost() => _racesLost.Add(1);

    internal void SlotConflict() => _slotConflicts.Add(1);

    internal void Poisoned(string reason) => _poisonMessages.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One webhook attempt: its latency, and what it did to its delivery (null: a redelivery replaced it meanwhile).</summary>
    internal void WebhookAttempted(bool succeeded, Webhooks.WebhookDeliveryStatus? after, TimeSpan latency)
    {
        _webhookLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
        if (succeeded)
        {
            _webhookSucceeded.Add(1);
        }
        else if (after == Webhooks.WebhookDeliveryStatus.Failed)
        {
            _webhookFailed.Add(1);
        }
        else if (after == Webhooks.WebhookDeliveryStatus.Pending)
        {
            _webhookRetried.Add(1);
        }
    }

    internal void WebhookDisabled(string reason) => _webhooksDisabled.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One sweep run: its duration and outcome, and the outbox backlog it found.</summary>
    internal void SweepFinished(TimeSpan elapsed, bool succeeded, int backlog)
    {
        _sweepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
        if (succeeded)
        {
            _outboxBacklog.Record(backlog);
        }
    }
}
