using System.Security.Cryptography;
using System.Text;

namespace OneTimeLinks.Core.Availability;

/// <summary>
/// Time the CRM says is taken (an appointment made by phone, by staff or on another booking page). <see cref="Id"/> is
/// the CRM's own appointment id, so pushing the same appointment twice replaces it instead of adding a second one.
/// </summary>
public sealed record BusyInterval(string Id, DateTimeOffset Start, DateTimeOffset End, string? Title)
{
    /// <summary>
    /// Who claims this time: <see cref="BusySources.Crm"/> for what the API pushes, <c>feed:{feedId}</c> for an imported
    /// feed. A window sync replaces one source's intervals only.
    /// </summary>
    public string Source { get; init; } = BusySources.Crm;

    /// <summary>How the agenda and storage name this interval: a hash, since the CRM's id may hold any character.</summary>
    public string Key => KeyOf(Source, Id);

    public static string KeyOf(string id) => KeyOf(BusySources.Crm, id);

    /// <summary>
    /// The CRM's ids hash as they always did; another source's ids are hashed with the source before them, joined by a
    /// line feed, which no valid id holds, so no id of one source can name another source's interval.
    /// </summary>
    public static string KeyOf(string source, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source == BusySources.Crm ? id : $"{source}\n{id}")))[..32];

    public AgendaEntry ToEntry() => new(AgendaEntryKind.Busy, Key, Start, End);

    /// <summary>The same appointment at the same time with the same title: writing it again would change nothing.</summary>
    public bool SameAs(BusyInterval other) =>
        other is not null && Id == other.Id && Source == other.Source && Start == other.Start && End == other.End && Title == other.Title;
}

/// <summary>A booking made through a link that a pushed busy interval overlaps: stored anyway, reported so the CRM can act.</summary>
public sealed record BookingConflict(string BookingId, DateTimeOffset Start, DateTimeOffset End);

public sealed record BusyPage(IReadOnlyList<BusyInterval> Intervals, string? ContinuationToken);
