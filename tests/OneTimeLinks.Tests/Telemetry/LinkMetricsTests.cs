using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Core.Telemetry;
using OneTimeLinks.Core.WorkflowRequests;
using OpenTelemetry.Metrics;

namespace OneTimeLinks.Tests.Telemetry;

/// <summary>
/// The OneTimeLinks meter, driven through the real app on Azurite. Each app's meter comes from its own container's
/// <see cref="IMeterFactory"/>, so a collector scoped to that factory counts this app's recordings exactly, whatever
/// other test classes record at the same time.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class LinkMetricsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task GenerateOpenBookConflictRevokeSweepAndPoison_RecordExactlyTheirCounts()
    {
        // Arrange
        await using var app = await StartWithCalendarAsync(azurite);
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var generated = Collect<long>(meters, "onetimelinks.links.generated");
        using var opened = Collect<long>(meters, "onetimelinks.links.opened");
        using var booked = Collect<long>(meters, "onetimelinks.links.booked");
        using var conflicts = Collect<long>(meters, "onetimelinks.booking.slot_conflicts");
        using var racesLost = Collect<long>(meters, "onetimelinks.booking.races_lost");
        using var revoked = Collect<long>(meters, "onetimelinks.links.revoked");
        using var expired = Collect<long>(meters, "onetimelinks.links.expired");
        using var poisoned = Collect<long>(meters, "onetimelinks.link_requests.poison");
        using var sweepDuration = Collect<double>(meters, "onetimelinks.sweep.duration");
        using var backlog = Collect<long>(meters, "onetimelinks.outbox.backlog");
        var first = await app.GenerateLinkUrlAsync();
        var second = await app.GenerateLinkAsync(CalendarId);
        var expiresAt = TestApp.DefaultNow.AddHours(1);
        var third = (await app.GenerateLinkAsync(CalendarId, new { expiresAt = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) }))["url"]!.GetValue<string>();

        // Act
        (await app.OpenAsync(third)).Dispose();
        (await app.BookJsonAsync(first, FirstSlot)).Dispose();
        (await app.BookJsonAsync(second["url"]!.GetValue<string>(), FirstSlot)).Dispose();   // the slot is taken: 409
        (await app.RevokeAsync(second["linkId"]!.GetValue<string>())).Dispose();
        app.Time.SetUtcNow(expiresAt);
        await app.Services.GetRequiredService<ISweepService>().SweepAsync();
        await app.Services.GetRequiredService<WorkflowRequestProcessor>().ProcessAsync("not json", 1, CancellationToken.None);

        // Assert
        Assert.Equal(3, generated.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, opened.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, booked.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, conflicts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(0, racesLost.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, revoked.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, expired.GetMeasurementSnapshot().EvaluateAsCounter());
        var poison = Assert.Single(poisoned.GetMeasurementSnapshot());
        Assert.Equal((1L, WorkflowRequestRejection.NotJson), (poison.Value, poison.Tags["reason"]));
        var run = Assert.Single(sweepDuration.GetMeasurementSnapshot());
        Assert.Equal("success", run.Tags["outcome"]);
        Assert.Equal(0, Assert.Single(backlog.GetMeasurementSnapshot()).Value); // every event was published when it was made
    }

    [Fact]
    public async Task FunctionsTelemetry_ARecording_ReachesTheExporterByMeterName()
    {
        // Arrange: the app's own telemetry registration (AddMeter by name), with an in-memory exporter added.
        var metrics = new List<Metric>();
        await using var app = await StartWithCalendarAsync(azurite, services => services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));

        // Act
        await app.GenerateLinkAsync(CalendarId);
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        // Assert (the exporter listens by name, so other apps of this process may add to the sum: only its presence is this app's)
        Assert.Contains(metrics, m => m.MeterName == LinkMetrics.MeterName && m.Name == "onetimelinks.links.generated");
    }

    private static MetricCollector<T> Collect<T>(IMeterFactory meters, string instrument)
        where T : struct => new(meters, LinkMetrics.MeterName, instrument);
}
