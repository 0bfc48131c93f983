using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// Publishes to a Service Bus topic in CloudEvents structured mode. The message id is the event id, so a topic with
/// duplicate detection drops redeliveries inside its window; the type and calendar id ride as application properties
/// for subscription filters.
/// </summary>
internal sealed class ServiceBusEventPublisher(ServiceBusSender sender, IOptions<EventOptions> options) : IEventPublisher
{
    public const string EventTypeProperty = "eventType";
    public const string CalendarIdProperty = "calendarId";
    public const string LinkIdProperty = "linkId";

    /// <summary>The Azure SDK's and Application Insights' trace context property (a W3C traceparent).</summary>
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    public async Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        var messages = events.Select(ToMessage).ToList();
        await sender.SendMessagesAsync(messages, cancellationToken);
    }

    internal ServiceBusMessage ToMessage(LinkEvent linkEvent)
    {
        var message = new ServiceBusMessage(CloudEventMapper.ToStructuredJson(linkEvent, options.Value.Source))
        {
            MessageId = linkEvent.Id,
            ContentType = "application/cloudevents+json; charset=utf-8",
            Subject = linkEvent.Type,
        };
        message.ApplicationProperties[EventTypeProperty] = linkEvent.Type;
        message.ApplicationProperties[CalendarIdProperty] = linkEvent.CalendarId;
        message.ApplicationProperties[LinkIdProperty] = linkEvent.LinkId;

        // The operation that committed the event, also when the sweep redelivers it later; the SDK keeps a value set here.
        if ((linkEvent.TraceParent ?? Activity.Current?.Id) is { } traceParent)
        {
            message.ApplicationProperties[DiagnosticIdProperty] = traceParent;
        }

        return message;
    }
}
