using Azure.Data.Tables;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="ICalendarStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableCalendarStore(TableClient table, DueHints hints) : ICalendarStore
{
    public async Task<BookableCalendar?> GetCalendarAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<CalendarEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.CalendarRow, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        hints.SawCalendar(calendarId);
        return EntityMapping.ToCalendar(response.Value!);
    }

    public async Task SaveCalendarAsync(BookableCalendar calendar, CancellationToken cancellationToken = default)
    {
        // The registry row first: the sweep finds partitions through it, so a calendar must never exist without one.
        // Both writes are whole-row replacements of data the client owns (PUT semantics), so last writer wins on purpose.
        await table.UpsertEntityAsync(
            new RegistryEntity { PartitionKey = TableKeys.RegistryPartition, RowKey = calendar.Id, UpdatedAt = calendar.UpdatedAt },
            TableUpdateMode.Replace,
            cancellationToken);
        await table.UpsertEntityAsync(EntityMapping.ToEntity(calendar), TableUpdateMode.Replace, cancellationToken);
        hints.SawCalendar(calendar.Id);
    }

    public Task<Agenda> GetAgendaAsync(string calendarId, IReadOnlyList<DateRange> dates, CancellationToken cancellationToken = default) =>
        AgendaRows.ReadAsync(table, calendarId, dates, cancellationToken);
}
