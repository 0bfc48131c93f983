using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Telemetry;
using OneTimeLinks.Functions.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OneTimeLinks.Tests.Telemetry;

/// <summary>
/// What the worker exports: request spans, Azure SDK dependencies and the app's metrics, none of them carrying a link
/// token. The exporters here sit where Application Insights' exporter sits in Azure.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class TelemetryRedactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task OpenAndBook_ThroughTheApp_ExportsRequestAndStorageSpansWithoutTheToken()
    {
        // Arrange
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var app = await StartWithCalendarAsync(azurite, services => services.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(spans))
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));
        var url = await app.GenerateLinkUrlAsync();
        var token = url[(url.LastIndexOf('/') + 1)..];

        // Act
        (await app.OpenAsync(url)).Dispose();
        (await app.BookJsonAsync(url, FirstSlot)).Dispose();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();

        // Assert
        var exported = spans.ToList();
        var linkRequests = exported.Where(s => s.Kind == ActivityKind.Server && ((s.GetTagItem("url.path") as string)?.Contains("/api/l/", StringComparison.Ordinal) ?? false)).ToList();
        Assert.Equal(2, linkRequests.Count);
        Assert.All(linkRequests, s => Assert.StartsWith("/api/l/" + TokenRedactor.Placeholder, (string)s.GetTagItem("url.path")!, StringComparison.Ordinal));
        Assert.Contains(exported, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.TraceId == linkRequests[1].TraceId);
        foreach (var span in exported)
        {
            Assert.DoesNotContain(token, span.DisplayName, StringComparison.Ordinal);
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain(token, tag.Value?.ToString() ?? "", StringComparison.Ordinal));
        }

        Assert.Contains(metrics, m => m.Name == "onetimelinks.links.generated");
        Assert.Contains(metrics, m => m.Name == "onetimelinks.links.opened");
        Assert.Contains(metrics, m => m.Name == "onetimelinks.links.booked");
    }

    [Fact]
    public void RedactingLogProcessor_MessageAndAttributesWithALinkUrl_ExportsThemWithoutTheToken()
    {
        // Arrange
        const string Token = "dr-smith.0zy7b3m9qk2xp4d8f1c.c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I";
        var exported = new List<string>();
        using var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.AddProcessor(new RedactingLogProcessor());
            o.AddProcessor(new SimpleLogRecordExportProcessor(new SnapshotExporter(exported)));
        }));
        var logger = factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        var url = $"https://book.example.test/api/l/{Token}/book?x=1";

        // Act
#pragma warning disable CA1848, CA1873 // the message shape of ASP.NET Core's own request log, which the app does not write
        logger.LogInformation("Request starting {Method} {Url}", "GET", url);
#pragma warning restore CA1848, CA1873

        // Assert
        Assert.Contains("Request starting GET https://book.example.test/api/l/{token}/book?x=1", exported);
        Assert.Contains("Url=https://book.example.test/api/l/{token}/book?x=1", exported);
        Assert.All(exported, text => Assert.DoesNotContain(Token, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET /api/l/a.b.c", "GET /api/l/{token}")]
    [InlineData("https://x.test/api/l/a.b.c/book?code=1", "https://x.test/api/l/{token}/book?code=1")]
    [InlineData("/api/calendars/dr-smith/links/abc", "/api/calendars/dr-smith/links/abc")]
    [InlineData("api/l/{token}", "api/l/{token}")]
    public void Redact_Text_ReplacesOnlyTheTokenSegment(string text, string expected) =>
        Assert.Equal(expected, TokenRedactor.Redact(text));

    /// <summary>Copies what an exporter would send (records are pooled and reset after export).</summary>
    private sealed class SnapshotExporter(List<string> texts) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                texts.Add(record.FormattedMessage ?? "");
                texts.AddRange((record.Attributes ?? []).Select(a => $"{a.Key}={a.Value}"));
            }

            return ExportResult.Success;
        }
    }
}
