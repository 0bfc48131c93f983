using System.Globalization;
using System.Text;
using OneTimeLinks.Functions.Booking;
using Calendar = OneTimeLinks.Core.Calendars.Calendar;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// An RFC 5545 iCalendar file for one booking: UID is the booking id (stable, so importing twice updates one event),
/// times in UTC, text values escaped (backslash, semicolon, comma, newline) and lines folded at 75 octets with CRLF.
/// </summary>
internal static class CalendarFile
{
    private const int MaxLineOctets = 75;

    public static string Create(Calendar calendar, Core.Booking.Booking booking)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//OneTimeLinks//Booking//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{Escape(booking.BookingId)}",
            $"DTSTAMP:{Utc(booking.CreatedAt)}",
            $"DTSTART:{Utc(booking.Start)}",
            $"DTEND:{Utc(booking.End)}",
            $"SUMMARY:{Escape($"Appointment with {calendar.Name}")}",
            $"DESCRIPTION:{Escape(Description(calendar, booking))}",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "END:VEVENT",
            "END:VCALENDAR",
        };
        var file = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, file);
        }

        return file.ToString();
    }

    /// <summary>TEXT escaping of RFC 5545 3.3.11; other control characters are dropped (they are not allowed).</summary>
    internal static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        var normalized = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var c in normalized)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case ';': text.Append(@"\;"); break;
                case ',': text.Append(@"\,"); break;
                case '\n': text.Append(@"\n"); break;
                case var control when char.IsControl(control) && control != '\t': break;
                default: text.Append(c); break;
            }
        }

        return text.ToString();
    }

    private static string Description(Calendar calendar, Core.Booking.Booking booking)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Booked by {booking.Name} ({booking.Email}).");
        if (booking.Message is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nMessage: {booking.Message}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n\nTo change it: {DeadLinkText.ContactSentence(calendar)}");
        text.Append(CultureInfo.InvariantCulture, $"\nBooking reference: {booking.BookingId}");
        return text.ToString();
    }

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Folds a content line into chunks of at most 75 octets of UTF-8, never splitting a character.</summary>
    private static void Fold(string line, StringBuilder output)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                output.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1; // the leading space of a continuation line counts
            }

            output.Append(line, i, length);
            octets += size;
            i += length - 1;
        }

        output.Append("\r\n");
    }
}
