using CultureInfo = System.Globalization.CultureInfo;
using System.Text.Json;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Questions;

namespace OneTimeLinks.Core.Storage;

internal static class EntityMapping
{
    /// <summary>Stored for "never expires": the largest instant both Azure Tables and Azurite compare correctly.</summary>
    public static readonly DateTimeOffset NoExpiry = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static CalendarEntity ToEntity(BookableCalendar calendar) => new()
    {
        PartitionKey = TableKeys.CalendarPartition(calendar.Id),
        RowKey = TableKeys.CalendarRow,
        Name = calendar.Name,
        TimeZone = calendar.TimeZone,
        SlotMinutes = calendar.SlotMinutes,
        AvailabilityJson = JsonSerializer.Serialize(calendar.Availability.Days.ToDictionary(
            day => day.Key.ToString(),
            day => day.Value.Select(w => new[] { w.Start.ToString("HH:mm", CultureInfo.InvariantCulture), w.End.ToString("HH:mm", CultureInfo.InvariantCulture) }).ToArray())),
        MinimumNoticeMinutes = calendar.MinimumNoticeMinutes,
        HorizonDays = calendar.HorizonDays,
        ContactMessage = calendar.ContactMessage,
        Language = calendar.Language,
        UpdatedAt = calendar.UpdatedAt,
        BufferBeforeMinutes = calendar.BufferBeforeMinutes,
        BufferAfterMinutes = calendar.BufferAfterMinutes,
        MaxBookingsPerDay = calendar.MaxBookingsPerDay,
        SlotIntervalMinutes = calendar.SlotIntervalMinutes,
        ChangeNoticeMinutes = calendar.ChangeNoticeMinutes,
        DurationOptions = Minutes(calendar.DurationOptions),
        RequiresConfirmation = calendar.RequiresConfirmation,
        ConfirmationDeadlineHours = calendar.RequiresConfirmation ? calendar.ConfirmationDeadlineHours : null,
        QuestionsJson = QuestionJson.ToJson(calendar.Questions),
    };

    public static BookableCalendar ToCalendar(CalendarEntity entity)
    {
        var days = JsonSerializer.Deserialize<Dictionary<string, string[][]>>(entity.AvailabilityJson) ?? [];
        var availability = new WeeklyAvailability(days.ToDictionary(
            day => Enum.Parse<DayOfWeek>(day.Key),
            day => (IReadOnlyList<TimeWindow>)day.Value.Select(w => new TimeWindow(TimeOnly.Parse(w[0], CultureInfo.InvariantCulture), TimeOnly.Parse(w[1], CultureInfo.InvariantCulture))).ToArray()));
        return new BookableCalendar(
            TableKeys.CalendarIdFromPartition(entity.PartitionKey),
            entity.Name,
            entity.TimeZone,
            entity.SlotMinutes,
            availability,
            entity.MinimumNoticeMinutes,
            entity.HorizonDays,
            entity.ContactMessage,
            entity.UpdatedAt,
            entity.BufferBeforeMinutes,
            entity.BufferAfterMinutes,
            entity.MaxBookingsPerDay,
            entity.SlotIntervalMinutes,
            entity.ChangeNoticeMinutes)
        {
            Language = entity.Language,
            DurationOptions = Minutes(entity.DurationOptions),
            RequiresConfirmation = entity.RequiresConfirmation,
            ConfirmationDeadlineHours = entity.ConfirmationDeadlineHours ?? CalendarValidator.DefaultConfirmationDeadlineHours,
            Questions = QuestionJson.ToQuestions(entity.QuestionsJson),
        };
    }

    public static LinkEntity ToEntity(Link link) => new()
    {
        PartitionKey = TableKeys.CalendarPartition(link.CalendarId),
        RowKey = TableKeys.LinkRow(link.LinkId),
        LinkId = link.LinkId,
        Status = link.StoredStatus.ToWireName(),
        ExpiresAt = link.ExpiresAt ?? NoExpiry,
        Note = link.Note,
        MaxUses = link.MaxUses,
        Uses = link.Uses,
        ContactId = link.Contact?.Id,
        ContactName = link.Contact?.Name,
        ContactEmail = link.Contact?.Email,
        CreatedAt = link.CreatedAt,
        EndedAt = link.EndedAt,
        TokenHash = link.TokenHash,
        RequestId = link.RequestId,
        BookingIds = link.BookingIds.Count == 0 ? null : string.Join(' ', link.BookingIds),
        MetadataJson = LinkMetadata.ToJson(link.Metadata),
        DurationMinutes = Minutes(link.Overrides.DurationMinutes),
        WindowFrom = link.Overrides.WindowFrom,
        WindowTo = link.Overrides.WindowTo,
        Title = link.Overrides.Title,
        OpenCount = link.OpenCount,
        FirstOpenedAt = link.FirstOpenedAt,
        QuestionsJson = QuestionJson.ToJson(link.Overrides.Questions),
    };

    public static Link ToLink(LinkEntity entity) => new(
        TableKeys.CalendarIdFromPartition(entity.PartitionKey),
        entity.LinkId,
        LinkStatusNames.TryParse(entity.Status, out var status) ? status : throw new InvalidDataException($"Unknown link status '{entity.Status}'."),
        entity.ExpiresAt >= NoExpiry ? null : entity.ExpiresAt,
        string.IsNullOrEmpty(entity.Note) ? null : entity.Note,
        entity.MaxUses,
        entity.Uses,
        entity.ContactId is null && entity.ContactName is null && entity.ContactEmail is null
            ? null
            : new LinkContact(entity.ContactId, entity.ContactName, entity.ContactEmail),
        entity.CreatedAt,
        entity.EndedAt,
        entity.TokenHash,
        entity.RequestId)
    {
        BookingIds = entity.BookingIds?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
        Metadata = LinkMetadata.FromJson(entity.MetadataJson),
        Overrides = (entity.DurationMinutes is null && entity.WindowFrom is null && entity.WindowTo is null && entity.Title is null
            ? LinkOverrides.None
            : new LinkOverrides(Minutes(entity.DurationMinutes), entity.WindowFrom, entity.WindowTo, entity.Title)) with
        {
            Questions = QuestionJson.ToLinkQuestions(entity.QuestionsJson),
        },
        OpenCount = entity.OpenCount,
        FirstOpenedAt = entity.FirstOpenedAt,
    };

    /// <summary>The event's outbox row (<c>outbox|{eventId}</c>), its data encrypted.</summary>
    public static OutboxEntity ToOutboxEntity(LinkEvent linkEvent, EventPayloadProtector protector) =>
        ToEntity<OutboxEntity>(linkEvent, TableKeys.OutboxRow(linkEvent.Id), protector);

    /// <summary>The row of the workflow request that produced the link, keeping its generated event (encrypted).</summary>
    public static LinkRequestEntity ToRequestEntity(LinkEvent generated, string requestId, EventPayloadProtector protector) =>
        ToEntity<LinkRequestEntity>(generated, TableKeys.RequestRow(requestId), protector);

    /// <summary>The Idempotency-Key record of an HTTP generate, keeping the fingerprint and the generated event (encrypted).</summary>
    public static GenerateIdempotencyEntity ToGenerateIdempotencyEntity(
        LinkEvent generated, string idempotencyKey, string fingerprint, EventPayloadProtector protector)
    {
        var entity = ToEntity<GenerateIdempotencyEntity>(generated, TableKeys.GenerateIdempotencyRow(idempotencyKey), protector);
        entity.Fingerprint = fingerprint;
        return entity;
    }

    /// <summary>An expiry index row: exists exactly while the expiring link is active.</summary>
    public static IndexEntity ExpiryIndex(string partition, DateTimeOffset expiresAt, string linkId) => new()
    {
        PartitionKey = partition,
        RowKey = TableKeys.ExpiryRow(expiresAt, linkId),
        LinkId = linkId,
    };

    /// <summary>
    /// A pending booking's confirmation deadline, in the expiry index (the sweep reads it in the same range, and its
    /// next-due hint covers it): exists exactly while the booking is pending.
    /// </summary>
    public static IndexEntity ConfirmationDeadlineIndex(string partition, Booking booking) => new()
    {
        PartitionKey = partition,
        RowKey = TableKeys.ConfirmationDeadlineRow(booking.ConfirmBy!.Value, booking.LinkId, booking.BookingId),
        LinkId = booking.LinkId,
        BookingId = booking.BookingId,
    };

    /// <summary>A purge index row: keyed by <paramref name="purgeAt"/> and its first target, deleting all of them.</summary>
    public static IndexEntity PurgeIndex(string partition, DateTimeOffset purgeAt, IReadOnlyList<string> targets, string linkId = "") => new()
    {
        PartitionKey = partition,
        RowKey = TableKeys.PurgeRow(purgeAt, targets[0]),
        LinkId = linkId,
        Targets = TableKeys.PurgeTargets(targets),
    };

    public static BusyEntity ToEntity(string partition, string rowKey, BusyInterval interval) => new()
    {
        PartitionKey = partition,
        RowKey = rowKey,
        BusyId = interval.Id,
        Start = interval.Start,
        End = interval.End,
        Title = interval.Title,
        Source = interval.Source == BusySources.Crm ? null : interval.Source,
    };

    public static BusyInterval ToBusyInterval(BusyEntity row) =>
        new(row.BusyId, row.Start, row.End, row.Title) { Source = row.Source ?? BusySources.Crm };

    private static T ToEntity<T>(LinkEvent linkEvent, string rowKey, EventPayloadProtector protector)
        where T : ProtectedEventRow, new() => new()
        {
            PartitionKey = TableKeys.CalendarPartition(linkEvent.CalendarId),
            RowKey = rowKey,
            EventId = linkEvent.Id,
            Type = linkEvent.Type,
            LinkId = linkEvent.LinkId,
            Time = linkEvent.Time,
            ProtectedData = protector.Protect(linkEvent.DataJson),
            TraceParent = linkEvent.TraceParent ?? System.Diagnostics.Activity.Current?.Id,
        };

    public static LinkEvent ToLinkEvent(ProtectedEventRow row, EventPayloadProtector protector) => new(
        row.EventId,
        row.Type,
        TableKeys.CalendarIdFromPartition(row.PartitionKey),
        row.LinkId,
        row.Time,
        protector.Unprotect(row.ProtectedData)) { TraceParent = row.TraceParent };

    /// <summary>The booking's row (<c>booking|{id}</c>), or with <paramref name="byStart"/> its copy ordered by start.</summary>
    public static BookingEntity ToEntity(Booking booking, bool byStart = false) => new()
    {
        PartitionKey = TableKeys.CalendarPartition(booking.CalendarId),
        RowKey = byStart ? TableKeys.BookingStartRow(booking.Start, booking.BookingId) : TableKeys.BookingRow(booking.BookingId),
        BookingId = booking.BookingId,
        LinkId = booking.LinkId,
        Start = booking.Start,
        End = booking.End,
        Name = booking.Name,
        Email = booking.Email,
        Phone = booking.Phone,
        Message = booking.Message,
        CreatedAt = booking.CreatedAt,
        Status = booking.Status.ToWireName(),
        CanceledAt = booking.Cancellation?.At,
        CanceledBy = booking.Cancellation?.By.ToWireName(),
        CancelReason = booking.Cancellation?.Reason,
        HistoryJson = booking.History.Count == 0 ? null : JsonSerializer.Serialize(booking.History.Select(h => new StoredReschedule(
            h.PreviousStart, h.PreviousEnd, h.Start, h.End, h.At, h.By.ToWireName())).ToList()),
        ManageTokenHash = booking.ManageTokenHash,
        MetadataJson = LinkMetadata.ToJson(booking.Metadata),
        UtmJson = LinkMetadata.ToJson(booking.Utm),
        LinkWindowFrom = booking.LinkWindowFrom,
        LinkWindowTo = booking.LinkWindowTo,
        LinkTitle = booking.LinkTitle,
        LinkNote = booking.LinkNote,
        ConfirmBy = booking.ConfirmBy,
        ConfirmedAt = booking.ConfirmedAt,
        DeclinedAt = booking.Decline?.At,
        DeclineReason = booking.Decline?.Reason,
        LinkReopened = booking.Decline?.LinkReopened,
        Attendance = booking.Attendance.ToWireName(),
        AttendanceNote = booking.AttendanceNote,
        AttendanceMarkedAt = booking.AttendanceMarkedAt,
        AnswersJson = QuestionJson.ToJson(booking.Answers),
        HiddenAnswerIds = booking.HiddenAnswerIds.Count == 0 ? null : string.Join(' ', booking.HiddenAnswerIds),
    };

    public static Booking ToBooking(BookingEntity entity) => new(
        entity.BookingId,
        TableKeys.CalendarIdFromPartition(entity.PartitionKey),
        entity.LinkId,
        entity.Start,
        entity.End,
        entity.Name,
        entity.Email,
        entity.Phone,
        entity.Message,
        entity.CreatedAt)
    {
        Status = BookingNames.TryParseStatus(entity.Status, out var status) ? status : BookingStatus.Confirmed,
        Cancellation = entity.CanceledAt is { } at
            ? new BookingCancellation(at, BookingNames.ParseChangedBy(entity.CanceledBy ?? ""), entity.CancelReason)
            : null,
        History = entity.HistoryJson is null
            ? []
            : [.. JsonSerializer.Deserialize<List<StoredReschedule>>(entity.HistoryJson)!.Select(h => new BookingReschedule(
                h.PreviousStart, h.PreviousEnd, h.Start, h.End, h.At, BookingNames.ParseChangedBy(h.By)))],
        ManageTokenHash = entity.ManageTokenHash,
        Metadata = LinkMetadata.FromJson(entity.MetadataJson),
        Utm = LinkMetadata.FromJson(entity.UtmJson),
        LinkWindowFrom = entity.LinkWindowFrom,
        LinkWindowTo = entity.LinkWindowTo,
        LinkTitle = entity.LinkTitle,
        LinkNote = entity.LinkNote,
        ConfirmBy = entity.ConfirmBy,
        ConfirmedAt = entity.ConfirmedAt,
        Decline = entity.DeclinedAt is { } declinedAt ? new BookingDecline(declinedAt, entity.DeclineReason, entity.LinkReopened ?? false) : null,
        Attendance = BookingNames.TryParseAttendance(entity.Attendance, out var attendance) ? attendance : BookingAttendance.Unknown,
        AttendanceNote = entity.AttendanceNote,
        AttendanceMarkedAt = entity.AttendanceMarkedAt,
        Answers = QuestionJson.ToAnswers(entity.AnswersJson),
        HiddenAnswerIds = entity.HiddenAnswerIds?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
    };

    private static string? Minutes(IReadOnlyList<int> minutes) =>
        minutes.Count == 0 ? null : string.Join(' ', minutes.Select(m => m.ToString(CultureInfo.InvariantCulture)));

    private static IReadOnlyList<int> Minutes(string? stored) =>
        stored is null ? [] : [.. stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => int.Parse(m, CultureInfo.InvariantCulture))];

    private sealed record StoredReschedule(
        DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset At, string By);
}
