using System.Diagnostics.Metrics;

namespace OneTimeLinks.Core.Telemetry;

/// <summary>
/// The app's business metrics, on the meter <see cref="MeterName"/> (exported to Application Insights as custom
/// metrics). One static meter so that recording stays a one-line call where the outcome is decided. No tag carries a
/// token, a URL or personal data.
/// </summary>
public static class LinkMetrics
{
    public const string MeterName = "OneTimeLinks";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> LinksGenerated = Meter.CreateCounter<long>("onetimelinks.links.generated", "{link}", "Links created (HTTP or queue request).");
    private static readonly Counter<long> LinksOpened = Meter.CreateCounter<long>("onetimelinks.links.opened", "{open}", "Link pages opened while the link was usable.");
    private static readonly Counter<long> LinksBooked = Meter.CreateCounter<long>("onetimelinks.links.booked", "{booking}", "Bookings committed through a link.");
    private static readonly Counter<long> LinksRevoked = Meter.CreateCounter<long>("onetimelinks.links.revoked", "{link}", "Active links revoked.");
    private static readonly Counter<long> LinksExpired = Meter.CreateCounter<long>("onetimelinks.links.expired", "{link}", "Active links the sweep expired.");
    private static readonly Counter<long> RacesLost = Meter.CreateCounter<long>("onetimelinks.booking.races_lost", "{attempt}", "Booking transactions that lost the link's ETag to a concurrent writer.");
    private static readonly Counter<long> SlotConflicts = Meter.CreateCounter<long>("onetimelinks.booking.slot_conflicts", "{attempt}", "Bookings refused because the slot was taken or not offered.");
    private static readonly Counter<long> PoisonMessages = Meter.CreateCounter<long>("onetimelinks.link_requests.poison", "{message}", "Link requests moved to the poison queue by the app, by reason.");
    private static readonly Histogram<long> OutboxBacklog = Meter.CreateHistogram<long>("onetimelinks.outbox.backlog", "{event}", "Events the sweep found still unpublished after Sweep:RedeliveryDelay (one value per run).");
    private static readonly Histogram<double> SweepDuration = Meter.CreateHistogram<double>("onetimelinks.sweep.duration", "s", "Duration of a sweep run, by outcome.");

    public static void Generated() => LinksGenerated.Add(1);

    public static void Opened() => LinksOpened.Add(1);

    public static void Booked() => LinksBooked.Add(1);

    public static void Revoked() => LinksRevoked.Add(1);

    public static void Expired() => LinksExpired.Add(1);

    public static void RaceLost() => RacesLost.Add(1);

    public static void SlotConflict() => SlotConflicts.Add(1);

    public static void Poisoned(string reason) => PoisonMessages.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One sweep run: its duration and outcome, and the outbox backlog it found.</summary>
    public static void SweepFinished(TimeSpan elapsed, bool succeeded, int backlog)
    {
        SweepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
        if (succeeded)
        {
            OutboxBacklog.Record(backlog);
        }
    }
}
