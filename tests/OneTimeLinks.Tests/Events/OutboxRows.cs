using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Tests.Events;

/// <summary>
/// The outbox as the table holds it, and the later dispatch that empties it: the sweep (OneTimeLinks.Core/Sweeping),
/// which publishes what a request left behind once it is older than <see cref="SweepOptions.RedeliveryDelay"/>.
/// </summary>
internal static class OutboxRows
{
    public static async Task<IReadOnlyList<LinkEvent>> ReadAsync(TestApp app, string calendarId)
    {
        var events = new List<LinkEvent>();
        await foreach (var pending in app.Services.GetRequiredService<IOutboxStore>().GetPendingAsync(calendarId))
        {
            events.Add(pending.Event);
        }

        return events;
    }

    /// <summary>A later dispatch: lets the redelivery grace pass on the app's clock, then runs a sweep.</summary>
    public static async Task<SweepResult> RedeliverAsync(TestApp app)
    {
        app.Time.Advance(app.Services.GetRequiredService<IOptions<SweepOptions>>().Value.RedeliveryDelay + TimeSpan.FromSeconds(1));
        return await app.Services.GetRequiredService<ISweepService>().SweepAsync();
    }
}
