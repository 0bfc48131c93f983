using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.WorkflowRequests;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using static OneTimeLinks.Tests.Infrastructure.ApiTestHelpers;

namespace OneTimeLinks.Tests.Telemetry;

/// <summary>The OneTimeLinks meter as an exporter sees it, driven through the real app on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LinkMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ConflictRevokeExpirySweepAndPoison_RecordTheirMetrics()
    {
        // Arrange
        var metrics = new List<Metric>();
        await using var app = await StartWithCalendarAsync(azurite, services => services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));
        var first = (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var second = await app.GenerateLinkAsync(CalendarId);
        var expiresAt = TestApp.DefaultNow.AddHours(1);
        await app.GenerateLinkAsync(CalendarId, new { expiresAt = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) });

        // Act
        (await app.BookJsonAsync(first, FirstSlot)).Dispose();
        (await app.BookJsonAsync(second["url"]!.GetValue<string>(), FirstSlot)).Dispose();   // the slot is taken: 409
        (await app.RevokeAsync(second["linkId"]!.GetValue<string>())).Dispose();
        app.Time.SetUtcNow(expiresAt);
        await app.Services.GetRequiredService<ISweepService>().SweepAsync();
        await app.Services.GetRequiredService<WorkflowRequestProcessor>().ProcessAsync("not json", 1, CancellationToken.None);
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        // Assert (other test classes may record on the same meter at the same time: at least, not exactly)
        Assert.True(Sum(metrics, "onetimelinks.booking.slot_conflicts") >= 1);
        Assert.True(Sum(metrics, "onetimelinks.links.revoked") >= 1);
        Assert.True(Sum(metrics, "onetimelinks.links.expired") >= 1);
        Assert.True(Sum(metrics, "onetimelinks.link_requests.poison") >= 1);
        Assert.True(Count(metrics, "onetimelinks.sweep.duration") >= 1);
        Assert.True(Count(metrics, "onetimelinks.outbox.backlog") >= 1);
    }

    private static long Sum(List<Metric> metrics, string name)
    {
        long sum = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                sum += point.GetSumLong();
            }
        }

        return sum;
    }

    private static long Count(List<Metric> metrics, string name)
    {
        long count = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                count += point.GetHistogramCount();
            }
        }

        return count;
    }
}
