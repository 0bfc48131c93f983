using System.Diagnostics;
using System.Net.Http.Json;
using Azure.Messaging.ServiceBus;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Tests.Events;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.Telemetry;

/// <summary>One operation id from the HTTP request through the outbox to the published event, also when the sweep publishes it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventTraceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string CalendarId = "dr-smith";
    private readonly ServiceBusSenderCapture _bus = new();
    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(azurite, services: _bus.Register);
        await _app.CreateCalendarAsync(CalendarId);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Generate_PublishedRightAway_CarriesTheRequestsTraceId()
    {
        // Act
        await GenerateWithTraceParentAsync();

        // Assert
        var (message, _) = Assert.Single(_bus.SentEvents(LinkEventTypes.Generated));
        Assert.Equal(_traceId, TraceIdOf(message));
    }

    [Fact]
    public async Task Generate_PublishFailsAndTheSweepRedelivers_TheEventStillCarriesTheRequestsTraceId()
    {
        // Arrange
        _bus.FailNext(1, () => new ServiceBusException("The topic is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem));
        await GenerateWithTraceParentAsync();
        Assert.Empty(_bus.Sent);

        // Act: the sweep runs under its own operation.
        Assert.Equal(1, (await OutboxRows.RedeliverAsync(_app)).Redelivered);

        // Assert
        var (message, _) = Assert.Single(_bus.SentEvents(LinkEventTypes.Generated));
        Assert.Equal(_traceId, TraceIdOf(message));
    }

    private async Task GenerateWithTraceParentAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/calendars/{CalendarId}/links") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("traceparent", $"00-{_traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await _app.Management.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static ActivityTraceId TraceIdOf(ServiceBusMessage message) =>
        ActivityContext.Parse((string)message.ApplicationProperties[ServiceBusEventPublisher.DiagnosticIdProperty], null).TraceId;
}
