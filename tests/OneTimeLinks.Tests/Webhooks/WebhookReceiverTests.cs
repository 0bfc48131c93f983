namespace OneTimeLinks.Tests.Webhooks;

/// <summary>A delivery test class whose every test gets its own verifying <see cref="Receiver"/> on loopback, disposed after the test.</summary>
public abstract class WebhookReceiverTests : IAsyncLifetime
{
    private protected WebhookReceiver Receiver { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Receiver = await WebhookReceiver.StartAsync();

    public virtual async Task DisposeAsync() => await Receiver.DisposeAsync();
}
