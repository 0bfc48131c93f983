using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Booking;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// What an invitee sees when a link cannot book: used, expired or revoked (410), each saying what happened and
/// showing the calendar's contact message; or not found (404), in the same words whether the token is unknown or
/// malformed, so the page says nothing about which tokens exist.
/// </summary>
internal static class DeadLinkPage
{
    public static (string Title, Markup Body) Render(Calendar calendar, Link link, LinkStatus status)
    {
        var zone = TimeZoneChoices.Choose(null, calendar.TimeZone);
        var html = new HtmlBuilder();
        html.Append($"""
            <header class="page-header">
            <p class="eyebrow">{calendar.Name}</p>
            <h1>{DeadLinkText.Title(status)}</h1>
            </header>
            <div class="notice" role="status" aria-live="polite">

            """);
        switch (status)
        {
            case LinkStatus.Used:
                html.Append($"<p>This booking link has already been used to book a time, so it cannot be used again.</p>");
                html.Append($"<p>If you made that booking, it is still in place: nothing has changed.</p>");
                break;
            case LinkStatus.Expired when link.ExpiresAt is { } expiresAt:
                html.Append($"<p>This booking link expired on {zone.DayAndTime(expiresAt)} ({zone.Id}), so it can no longer be used to book a time.</p>");
                break;
            case LinkStatus.Expired:
                html.Append($"<p>This booking link has expired, so it can no longer be used to book a time.</p>");
                break;
            case LinkStatus.Revoked:
                html.Append($"<p>The person who sent you this booking link has withdrawn it, so it can no longer be used to book a time.</p>");
                break;
            default:
                html.Append($"<p>This booking link can no longer be used to book a time.</p>");
                break;
        }

        html.Append($"""
            </div>
            <section class="contact" aria-labelledby="contact-heading">
            <h2 id="contact-heading">Please contact the owner</h2>

            """);
        html.Paragraphs(DeadLinkText.ContactSentence(calendar));
        html.Append($"</section>");
        return (DeadLinkText.Title(status), html.ToMarkup());
    }

    public static (string Title, Markup Body) RenderNotFound()
    {
        var html = new HtmlBuilder();
        html.Append($"""
            <header class="page-header">
            <p class="eyebrow">Booking link</p>
            <h1>{NotFoundTitle}</h1>
            </header>
            <div class="notice" role="status" aria-live="polite">
            <p>This booking link is not valid, so it cannot be used to book a time.</p>
            </div>
            <section class="contact" aria-labelledby="contact-heading">
            <h2 id="contact-heading">Please contact the sender</h2>
            <p>{DeadLinkText.NotFoundAdvice}</p>
            </section>
            """);
        return (NotFoundTitle, html.ToMarkup());
    }

    /// <summary>A request the page cannot read (a form that is too large or malformed): 400 or 413.</summary>
    public static (string Title, Markup Body) RenderBadRequest(string message)
    {
        var html = new HtmlBuilder();
        html.Append($"""
            <header class="page-header">
            <p class="eyebrow">Booking link</p>
            <h1>{BadRequestTitle}</h1>
            </header>
            <div class="notice error" role="status" aria-live="polite">
            <p>{message}</p>
            <p>Nothing has been booked. Please go back, check your details and try again.</p>
            </div>
            """);
        return (BadRequestTitle, html.ToMarkup());
    }

    public const string NotFoundTitle = "This link is not valid";

    private const string BadRequestTitle = "This request could not be read";
}
