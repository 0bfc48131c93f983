using OneTimeLinks.Core.Bookings;
using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using OneTimeLinks.Functions.Pages.Resources;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// One booking as an iCalendar file (RFC 5545, written by Ical.Net: text escaping, CRLF; parameter values encoded by
/// <see cref="ParameterValueEncoding"/>, lines folded by <see cref="ContentLineFolding"/>). UID is the
/// booking id, so importing twice updates one event; times are UTC; the calendar is the organizer; the text is in
/// the invitee's language.
/// </summary>
internal static class BookingCalendarFile
{
    /// <param name="manageUrl">The invitee's manage URL when the request carried its token; its description then says where to change the booking.</param>
    public static string Create(BookableCalendar calendar, Booking booking, string? manageUrl, PageText text, CultureInfo culture)
    {
        // The localizer reads the UI culture; this runs inside the request's own async context.
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        var file = new Ical.Net.Calendar { Method = "PUBLISH", ProductId = "-//OneTimeLinks//Booking//EN" };
        file.Events.Add(new CalendarEvent
        {
            Uid = booking.BookingId,
            DtStamp = Utc(booking.CreatedAt),
            DtStart = Utc(booking.Start),
            DtEnd = Utc(booking.End),
            Summary = text["Ics.Summary", calendar.Name],
            Description = Description(calendar, booking, manageUrl, text),
            // A cal-address must be a URI and the owner's address is not ours to publish: the calendar's id names it.
            Organizer = new Organizer { CommonName = ParameterValueEncoding.Encode(calendar.Name), Value = new Uri("urn:onetimelinks:calendar:" + calendar.Id) },
            Status = "CONFIRMED",
            Transparency = "OPAQUE",
        });
        var serialized = new CalendarSerializer().SerializeToString(file) ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
        return ContentLineFolding.Refold(serialized);
    }

    private static string Description(BookableCalendar calendar, Booking booking, string? manageUrl, PageText text)
    {
        var description = new StringBuilder(text["Ics.BookedBy", booking.Name, booking.Email]);
        if (booking.Message is not null)
        {
            description.Append('\n').Append(text["Ics.Message", booking.Message]);
        }

        if (manageUrl is not null)
        {
            description.Append("\n\n").Append(text["Ics.Manage", manageUrl]);
        }

        description.Append("\n\n").Append(text["Ics.Change", string.Join("\n", ContactLines.Of(calendar, text))]);
        description.Append('\n').Append(text["Confirmation.Reference", booking.BookingId]);
        return description.ToString();
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime);
}
