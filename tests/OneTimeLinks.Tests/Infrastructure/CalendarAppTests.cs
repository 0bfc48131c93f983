using OneTimeLinks.Tests.Events;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// A test class whose every test gets its own app on Azurite, started with the default calendar
/// (<see cref="ApiTestHelpers.CalendarId"/>) and disposed after the test. By default the app's Service Bus sender is
/// captured in <see cref="Bus"/>; a class that reads the local events queue instead turns that off.
/// </summary>
public abstract class CalendarAppTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private protected ServiceBusSenderCapture Bus { get; } = new();

    private protected TestApp App { get; private set; } = null!;

    /// <summary>The calendar's body; null for <see cref="Api.BerlinCalendar"/>.</summary>
    private protected virtual object? Calendar => null;

    private protected virtual bool CapturesServiceBus => true;

    public virtual async Task InitializeAsync() =>
        App = await ApiTestHelpers.StartWithCalendarAsync(azurite, CapturesServiceBus ? Bus.Register : null, Calendar);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
