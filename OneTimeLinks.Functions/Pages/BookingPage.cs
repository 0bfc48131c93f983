using System.Globalization;
using OneTimeLinks.Core.Booking;
using OneTimeLinks.Core.Calendars;
using Calendar = OneTimeLinks.Core.Calendars.Calendar;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;
using OneTimeLinks.Functions.Booking;

namespace OneTimeLinks.Functions.Pages;

/// <summary>Why the booking page is shown again after a POST; <see cref="None"/> on a plain GET.</summary>
public enum BookingPageNotice
{
    None,

    /// <summary>The chosen slot was taken meanwhile (or is no longer offered); HTTP 409.</summary>
    SlotTaken,

    /// <summary>Some fields are invalid; HTTP 422.</summary>
    Invalid,

    /// <summary>This form's idempotency key was already used with other details; HTTP 409.</summary>
    AlreadySubmitted,

    /// <summary>Concurrent writers kept the link busy and nothing was booked; HTTP 409.</summary>
    Busy,
}

/// <summary>What the booking page shows: a live link's calendar and free slots, and, after a failed POST, the input.</summary>
public sealed record BookingPageModel(
    Calendar Calendar,
    Link Link,
    IReadOnlyList<Slot> Slots,
    string Token,
    string? RequestedZone,
    BookingRequest? Input = null,
    FieldErrors? Errors = null,
    BookingPageNotice Notice = BookingPageNotice.None);

/// <summary>The invitee's booking page: calendar name, free slots by day, the details form and a Confirm button.</summary>
internal static class BookingPage
{
    private static readonly (string Field, string Label)[] Fields =
        [("start", "Time"), ("name", "Name"), ("email", "Email"), ("phone", "Phone"), ("message", "Message")];

    public static (string Title, Markup Body) Render(BookingPageModel model, DisplayZone zone, string idempotencyKey, PageUrls urls)
    {
        var calendar = model.Calendar;
        var link = model.Link;
        var errors = model.Errors?.ToDictionary() ?? new Dictionary<string, string[]>();
        var input = model.Input;
        var contact = link.Contact;
        var html = new HtmlBuilder();

        html.Append($"""
            <header class="page-header">
            <p class="eyebrow">Book a time</p>
            <h1>{calendar.Name}</h1>
            <p class="lead">{Greeting(contact)}Choose a time that suits you and confirm it below. Each appointment is {calendar.SlotMinutes} minutes.</p>
            <p class="meta">{UsesSentence(link)}{ExpirySentence(link, zone)}</p>
            </header>

            """);

        html.Append($"""
            <div id="page-message" class="notice{(model.Notice == BookingPageNotice.None ? "" : " error")}" role="status" aria-live="polite" tabindex="-1"{(model.Notice == BookingPageNotice.None ? Markup.Empty : new Markup(" data-autofocus"))}>{Notice(model, errors, zone)}</div>

            """);

        if (model.Slots.Count == 0)
        {
            html.Append($"""
                <div class="no-slots">
                <h2>No free times</h2>
                <p>There are no free times to book at the moment.</p>
                """);
            html.Paragraphs(DeadLinkText.ContactSentence(calendar));
            html.Append($"</div>");
            return ($"Book a time with {calendar.Name}", html.ToMarkup());
        }

        var options = new HtmlBuilder();
        foreach (var id in TimeZoneChoices.OptionsFor(calendar.TimeZone, zone.Id))
        {
            var label = id == calendar.TimeZone ? $"{TimeZoneChoices.Label(id)} ({calendar.Name}\u2019s time zone)" : TimeZoneChoices.Label(id);
            options.Append($"""<option value="{id}"{(id == zone.Id ? new Markup(" selected") : Markup.Empty)}>{label}</option>""");
        }

        html.Append($"""
            <form class="tz-form" method="get" action="{urls.Link}">
            <label for="tz">Show times in</label>
            <div class="tz-row">
            <select id="tz" name="tz" aria-describedby="tz-hint">{options.ToMarkup()}</select>
            <button type="submit" class="secondary no-js">Show times</button>
            </div>
            <p class="hint" id="tz-hint">Times are shown in <strong data-zone-name>{zone.Id}</strong>. {calendar.Name}&#x2019;s time zone is {calendar.TimeZone}.</p>
            </form>

            """);

        html.Append($"""
            <form class="booking-form" method="post" action="{urls.Book}" data-display-zone="{zone.Id}" data-zone-explicit="{(zone.Explicit ? "true" : "false")}">
            <input type="hidden" name="idempotencyKey" value="{idempotencyKey}">
            <input type="hidden" name="timeZone" value="{zone.Id}" data-zone-field>
            <h2 id="slots-heading">1. Choose a time</h2>
            <fieldset class="slots"{Described("start", errors)}>
            <legend class="visually-hidden">Free times</legend>
            {FieldError("start", errors)}
            <div data-slots>
            {Slots(model.Slots, input?.Start, zone)}
            </div>
            </fieldset>
            <h2>2. Your details</h2>
            <div class="field">
            <label for="name">Name</label>
            <input id="name" name="name" type="text" autocomplete="name" required maxlength="200" value="{(input is null ? contact?.Name : input.Name)}"{Invalid("name", errors)}>
            {FieldError("name", errors)}
            </div>
            <div class="field">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="{(input is null ? contact?.Email : input.Email)}"{Invalid("email", errors)}>
            {FieldError("email", errors)}
            </div>
            <div class="field">
            <label for="phone">Phone <span class="optional">(optional)</span></label>
            <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="{BookingRequestValidator.MaxPhoneLength}" value="{input?.Phone}"{Invalid("phone", errors)}>
            {FieldError("phone", errors)}
            </div>
            <div class="field">
            <label for="message">Message <span class="optional">(optional)</span></label>
            <textarea id="message" name="message" rows="4" maxlength="{BookingRequestValidator.MaxMessageLength}"{Invalid("message", errors)}>{input?.Message}</textarea>
            {FieldError("message", errors)}
            </div>
            <div class="actions">
            <button type="submit" class="primary">Confirm booking</button>
            </div>
            </form>
            """);
        return ($"Book a time with {calendar.Name}", html.ToMarkup());
    }

    /// <summary>
    /// The free slots as one radio group, one collapsible day each (native details/summary, so it works without
    /// script): the first day is open, and the day of the invitee's chosen slot when the page is shown again.
    /// </summary>
    private static Markup Slots(IReadOnlyList<Slot> slots, string? chosen, DisplayZone zone)
    {
        var chosenInstant = ParseInstant(chosen);
        var html = new HtmlBuilder();
        var first = true;
        foreach (var day in slots.GroupBy(slot => DateOnly.FromDateTime(zone.Convert(slot.Start).DateTime)))
        {
            var open = first || day.Any(slot => slot.Start == chosenInstant);
            var title = zone.Day(day.First().Start);
            var count = day.Count();
            first = false;
            html.Append($"""
                <details class="day"{(open ? new Markup(" open") : Markup.Empty)}>
                <summary><span class="day-name">{title}</span> <span class="day-count">{count} {(count == 1 ? "time" : "times")}</span></summary>
                <fieldset>
                <legend class="visually-hidden">{title}</legend>
                <div class="slot-grid">

                """);
            foreach (var slot in day)
            {
                var value = slot.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var isChosen = chosenInstant == slot.Start;
                html.Append($"""
                    <label class="slot"><input type="radio" name="start" value="{value}" required{(isChosen ? new Markup(" checked") : Markup.Empty)}><span data-time>{zone.Time(slot.Start)}</span></label>

                    """);
            }

            html.Append($"""
                </div>
                </fieldset>
                </details>

                """);
        }

        return html.ToMarkup();
    }

    private static Markup Notice(BookingPageModel model, IDictionary<string, string[]> errors, DisplayZone zone)
    {
        var html = new HtmlBuilder();
        switch (model.Notice)
        {
            case BookingPageNotice.SlotTaken:
                var chosen = ParseInstant(model.Input?.Start);
                html.Append($"<p><strong>Sorry, {(chosen is { } at ? $"{zone.DayAndTime(at)} ({zone.Id})" : "the time you chose")} is no longer available.</strong> Someone else may have just booked it.</p>");
                html.Append($"<p>Please choose another time. Your details are still filled in, and this link is still valid.</p>");
                break;
            case BookingPageNotice.Invalid:
                var count = errors.Count;
                html.Append($"<p><strong>Please check {(count == 1 ? "the field" : "the fields")} marked below.</strong> Nothing has been booked yet.</p>");
                if (errors.TryGetValue("", out var general))
                {
                    foreach (var message in general)
                    {
                        html.Append($"<p>{message}</p>");
                    }
                }

                break;
            case BookingPageNotice.AlreadySubmitted:
                html.Append($"<p><strong>This form was already sent with other details.</strong> Nothing new has been booked. Please check your choice and confirm again.</p>");
                break;
            case BookingPageNotice.Busy:
                html.Append($"<p><strong>Nothing was booked, because the link was busy for a moment.</strong> Please confirm again.</p>");
                break;
        }

        return html.ToMarkup();
    }

    private static Markup FieldError(string field, IDictionary<string, string[]> errors)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            return new Markup($"""<p class="field-error" id="{field}-error"></p>""");
        }

        var label = Fields.First(f => f.Field == field).Label;
        var html = new HtmlBuilder();
        var text = field == "start" && messages.Any(m => m.Contains("required", StringComparison.OrdinalIgnoreCase))
            ? "Please choose a time."
            : $"{label}: {string.Join(" ", messages)}";
        html.Append($"""<p class="field-error" id="{field}-error"><span class="visually-hidden">Error: </span>{text}</p>""");
        return html.ToMarkup();
    }

    private static Markup Invalid(string field, IDictionary<string, string[]> errors) =>
        errors.ContainsKey(field) ? new Markup($" aria-invalid=\"true\" aria-describedby=\"{field}-error\"") : Markup.Empty;

    private static Markup Described(string field, IDictionary<string, string[]> errors) =>
        errors.ContainsKey(field) ? new Markup($" aria-describedby=\"{field}-error\"") : Markup.Empty;

    private static string Greeting(LinkContact? contact) =>
        string.IsNullOrWhiteSpace(contact?.Name) ? "" : $"Hello {contact.Name}. ";

    private static string UsesSentence(Link link)
    {
        var left = link.MaxUses - link.Uses;
        return left <= 1 ? "This link can be used for one booking." : $"This link can be used for {left} more bookings.";
    }

    private static Markup ExpirySentence(Link link, DisplayZone zone)
    {
        if (link.ExpiresAt is not { } expiresAt)
        {
            return Markup.Empty;
        }

        var html = new HtmlBuilder();
        var instant = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        html.Append($""" It expires on <time datetime="{instant}" data-instant="{instant}">{zone.DayAndTime(expiresAt)}</time> (<span data-zone-name>{zone.Id}</span>).""");
        return html.ToMarkup();
    }

    private static DateTimeOffset? ParseInstant(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant : null;
}
