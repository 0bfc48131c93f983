using System.Globalization;
using OneTimeLinks.Functions.Booking;
using Calendar = OneTimeLinks.Core.Calendars.Calendar;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The page after a booking (the 303 target): the booked time in the invitee's zone and the calendar's, the details
/// as stored, and the .ics download. It reads the booking, not the link's status, so it keeps working after the
/// link is used.
/// </summary>
internal static class ConfirmationPage
{
    public static (string Title, Markup Body) Render(Calendar calendar, Core.Booking.Booking booking, DisplayZone zone, PageUrls urls)
    {
        var calendarZone = TimeZoneChoices.Choose(null, calendar.TimeZone);
        var start = booking.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var end = booking.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var html = new HtmlBuilder();
        html.Append($"""
            <header class="page-header">
            <p class="eyebrow">Booking confirmed</p>
            <h1>You&#x2019;re booked with {calendar.Name}</h1>
            </header>
            <div class="notice success" role="status" aria-live="polite">
            <p>Your booking is confirmed. Add it to your calendar so you don&#x2019;t miss it.</p>
            </div>
            <dl class="summary" data-display-zone="{zone.Id}" data-zone-explicit="{(zone.Explicit ? "true" : "false")}">
            <dt>Your time</dt>
            <dd><span data-range-start="{start}" data-range-end="{end}">{zone.Range(booking.Start, booking.End)}</span> <span class="zone">(<span data-zone-name>{zone.Id}</span>)</span></dd>
            <dt>{calendar.Name}&#x2019;s time</dt>
            <dd>{calendarZone.Range(booking.Start, booking.End)} <span class="zone">({calendarZone.Id})</span></dd>
            <dt>Name</dt>
            <dd>{booking.Name}</dd>
            <dt>Email</dt>
            <dd>{booking.Email}</dd>

            """);
        if (booking.Phone is not null)
        {
            html.Append($"""
                <dt>Phone</dt>
                <dd>{booking.Phone}</dd>

                """);
        }

        if (booking.Message is not null)
        {
            html.Append($"""
                <dt>Message</dt>
                <dd>{booking.Message}</dd>

                """);
        }

        html.Append($"""
            </dl>
            <p><a class="button primary" href="{urls.CalendarFile}" download="booking.ics">Add to my calendar (.ics)</a></p>
            <section class="contact" aria-labelledby="contact-heading">
            <h2 id="contact-heading">Need to change it?</h2>

            """);
        html.Paragraphs(DeadLinkText.ContactSentence(calendar));
        html.Append($"""
            </section>
            <p class="reference">Booking reference: {booking.BookingId}</p>
            """);
        return ($"Booking confirmed with {calendar.Name}", html.ToMarkup());
    }
}
