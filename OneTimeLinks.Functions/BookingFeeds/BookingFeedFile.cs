using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using OneTimeLinks.Core.BookingFeeds;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.BookingFeeds;

/// <summary>The feed file and how many bookings its size limit left out.</summary>
internal sealed record BookingFeedContent(byte[] Utf8, int Omitted);

/// <summary>
/// A calendar's bookings as one iCalendar file (RFC 5545, written by Ical.Net; lines refolded at 75 octets by
/// <see cref="ContentLineFolding"/>). One VEVENT per booking: UID is the booking id (as in the invitee's .ics), SEQUENCE
/// and LAST-MODIFIED come from the booking's history (<see cref="BookingFeedRules"/>), so the same bookings always give
/// the same bytes and the feed's ETag changes exactly when a booking does. The text is the owner's, in English.
/// </summary>
internal static class BookingFeedFile
{
    /// <param name="nearestFirst">The bookings in the order they are kept when the file would pass <paramref name="maxBytes"/>.</param>
    /// <param name="minimal">Leaves out what identifies the invitee: name, email, phone, message, and the link's note.</param>
    public static BookingFeedContent Create(BookableCalendar calendar, IReadOnlyList<Booking> nearestFirst, bool minimal, int maxBytes)
    {
        var kept = nearestFirst.Count;
        while (true)
        {
            var utf8 = Encoding.UTF8.GetBytes(Serialize(calendar, nearestFirst.Take(kept), minimal));
            if (utf8.Length <= maxBytes || kept == 0)
            {
                return new BookingFeedContent(utf8, nearestFirst.Count - kept);
            }

            // Events are of similar size: scale down by the overshoot (a little more, so one or two rounds suffice).
            kept = Math.Min(kept - 1, (int)(kept * (maxBytes / (double)utf8.Length) * 0.98));
        }
    }

    private static string Serialize(BookableCalendar calendar, IEnumerable<Booking> bookings, bool minimal)
    {
        var file = new Ical.Net.Calendar { Method = "PUBLISH", ProductId = "-//OneTimeLinks//Booking feed//EN" };
        foreach (var booking in bookings.OrderBy(b => b.Start).ThenBy(b => b.BookingId, StringComparer.Ordinal))
        {
            var lastModified = Utc(BookingFeedRules.LastModified(booking));
            file.Events.Add(new CalendarEvent
            {
                Uid = booking.BookingId,
                Sequence = BookingFeedRules.Sequence(booking),
                // Without a scheduling METHOD of its own, DTSTAMP is when the event last changed (RFC 5545 3.8.7.2).
                DtStamp = lastModified,
                LastModified = lastModified,
                Created = Utc(booking.CreatedAt),
                DtStart = Utc(booking.Start),
                DtEnd = Utc(booking.End),
                Summary = Summary(calendar, booking, minimal),
                Description = Description(booking, minimal),
                Status = booking.Status == BookingStatus.Canceled ? "CANCELLED" : "CONFIRMED",
                Transparency = "OPAQUE",
            });
        }

        var serialized = new CalendarSerializer().SerializeToString(file) ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
        return ContentLineFolding.Refold(serialized);
    }

    private static string Summary(BookableCalendar calendar, Booking booking, bool minimal)
    {
        var title = booking.LinkTitle ?? calendar.Name;
        return minimal ? title : $"{title}: {booking.Name}";
    }

    private static string Description(Booking booking, bool minimal)
    {
        var lines = new List<string>();
        if (!minimal)
        {
            lines.Add($"Invitee: {booking.Name} <{booking.Email}>");
            AddIfPresent(lines, "Phone", booking.Phone);
            AddIfPresent(lines, "Message", booking.Message);
            AddIfPresent(lines, "Note", booking.LinkNote);
        }

        if (booking.Cancellation is { } cancellation)
        {
            AddIfPresent(lines, "Canceled", minimal ? "" : cancellation.Reason ?? "");
        }

        lines.Add($"Booking: {booking.BookingId}");
        return string.Join('\n', lines);
    }

    private static void AddIfPresent(List<string> lines, string label, string? value)
    {
        if (value is not null)
        {
            lines.Add(value.Length == 0 ? label : $"{label}: {value}");
        }
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime);
}
