using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.Events;

/// <summary>
/// The outbox as the table holds it. Redelivery of what is still there is the sweep's job (another issue); these tests
/// stand in for it at the store level: read the rows, hand them to the app's own dispatcher.
/// </summary>
internal static class OutboxRows
{
    public static async Task<IReadOnlyList<LinkEvent>> ReadAsync(TestApp app, string calendarId)
    {
        var store = (TableLinkStore)app.Services.GetRequiredService<ILinkStore>();
        var partition = TableKeys.CalendarPartition(calendarId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {TableKeys.OutboxRowPrefix} and RowKey lt {TableKeys.UpperBound(TableKeys.OutboxRowPrefix)}");
        var events = new List<LinkEvent>();
        await foreach (var row in app.Table.QueryAsync<OutboxEntity>(filter))
        {
            events.Add(store.ToLinkEvent(row));
        }

        return events;
    }

    /// <summary>A later dispatch: publishes every event still in the calendar's outbox, as the sweep does.</summary>
    public static async Task<IReadOnlyList<LinkEvent>> RedeliverAsync(TestApp app, string calendarId)
    {
        var pending = await ReadAsync(app, calendarId);
        await app.Services.GetRequiredService<IEventDispatcher>().DispatchAsync(pending);
        return pending;
    }
}
