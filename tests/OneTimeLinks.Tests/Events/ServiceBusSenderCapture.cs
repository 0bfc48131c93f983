using System.Collections.Concurrent;
using Azure.Messaging;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Moq;

namespace OneTimeLinks.Tests.Events;

/// <summary>
/// A mocked <see cref="ServiceBusSender"/> behind the real <see cref="ServiceBusEventPublisher"/>: records every message
/// the app sends to the topic, and can fail the next sends (a broken connection, or the process stopping mid-publish).
/// </summary>
internal sealed class ServiceBusSenderCapture
{
    public const string Source = "/onetimelinks-tests";

    private readonly ConcurrentQueue<ServiceBusMessage> _sent = new();
    private readonly ConcurrentQueue<Func<Exception>> _failures = new();
    private int _lostAcks;
    private int _calls;

    public ServiceBusSenderCapture()
    {
        Sender
            .Setup(s => s.SendMessagesAsync(It.IsAny<IEnumerable<ServiceBusMessage>>(), It.IsAny<CancellationToken>()))
            .Returns<IEnumerable<ServiceBusMessage>, CancellationToken>((messages, _) =>
            {
                Interlocked.Increment(ref _calls);
                if (_failures.TryDequeue(out var failure))
                {
                    return Task.FromException(failure());
                }

                foreach (var message in messages)
                {
                    _sent.Enqueue(message);
                }

                // Sent, but the acknowledgement is lost: the sender sees a timeout for messages the topic has.
                return Interlocked.Decrement(ref _lostAcks) >= 0
                    ? Task.FromException(new ServiceBusException("Injected: the acknowledgement was lost.", ServiceBusFailureReason.ServiceTimeout))
                    : Task.CompletedTask;
            });
    }

    public Mock<ServiceBusSender> Sender { get; } = new();

    public IReadOnlyList<ServiceBusMessage> Sent => [.. _sent];

    /// <summary>Every call, failed ones included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The next <paramref name="count"/> sends throw, then sending works again.</summary>
    public void FailNext(int count, Func<Exception> failure)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue(failure);
        }
    }

    /// <summary>Sending works again: queued failures and lost acknowledgements are dropped.</summary>
    public void Heal()
    {
        _failures.Clear();
        Volatile.Write(ref _lostAcks, 0);
    }

    /// <summary>The next <paramref name="count"/> sends reach the topic, then throw a timeout (a lost acknowledgement).</summary>
    public void LoseNextAcks(int count) => Volatile.Write(ref _lostAcks, count);

    /// <summary>For <see cref="Infrastructure.TestApp.StartAsync"/>: the app publishes through the mocked sender.</summary>
    public void Register(IServiceCollection services)
    {
        var options = Options.Create(new EventOptions { TopicName = "onetimelinks-events", Source = Source });
        services.RemoveAll<IEventPublisher>();
        services.AddSingleton<IEventPublisher>(new ServiceBusEventPublisher(Sender.Object, options));
    }

    /// <summary>
    /// Publishes <paramref name="linkEvent"/> alone through the real publisher with the default options (the wire as
    /// deployed) and returns the one message it sent.
    /// </summary>
    public static async Task<ServiceBusMessage> PublishAloneAsync(LinkEvent linkEvent)
    {
        var capture = new ServiceBusSenderCapture();
        await new ServiceBusEventPublisher(capture.Sender.Object, Options.Create(new EventOptions())).PublishAsync([linkEvent]);
        return Assert.Single(capture.Sent);
    }

    public IReadOnlyList<(ServiceBusMessage Message, CloudEvent Event)> SentEvents(string? type = null) =>
        [.. Sent.Select(m => (Message: m, Event: CloudEvent.Parse(m.Body)!)).Where(e => type is null || e.Event.Type == type)];
}
