namespace OneTimeLinks.Core.Availability;

public enum AgendaEntryKind
{
    /// <summary>A booking made through a link; its buffers apply around it.</summary>
    Booking,

    /// <summary>A busy interval the CRM pushed (an appointment made elsewhere); taken as it is, without buffers.</summary>
    Busy,
}

/// <summary>
/// One claim on a calendar's time, as the agenda holds it. <see cref="Key"/> is the booking id, or for a busy interval
/// the hash of the CRM's id (<see cref="BusyInterval.Key"/>).
/// </summary>
public sealed record AgendaEntry(AgendaEntryKind Kind, string Key, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;
}

/// <summary>The claims that touch one UTC date. An entry that spans several dates is in each of them.</summary>
internal sealed record AgendaDay(DateOnly Date, IReadOnlyList<AgendaEntry> Entries)
{
    public static AgendaDay Empty(DateOnly date) => new(date, []);
}
