using System.Text.Json;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.Http;

/// <summary>
/// The invitee's form POSTs (booking page, and the manage page's cancel and reschedule; ordinary HTML forms, so they work
/// without script): the booking fields (a manage form sends only start), the
/// hidden idempotency key of the page render, the time zone the invitee saw the times in and the language they chose.
/// </summary>
internal sealed record BookingForm(BookingRequest Request, string? IdempotencyKey, string? TimeZone, string? Language)
{
    /// <summary>A form POST (urlencoded or multipart) rather than the JSON API.</summary>
    public static bool IsForm(HttpRequest request) => request.HasFormContentType;

    /// <summary>The form, or the status of a page explaining why it could not be read (400 malformed, 413 too large).</summary>
    public static async Task<(BookingForm? Form, int FailureStatus)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, failure) = await FormReader.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return (null, failure);
        }

        var booking = new BookingRequest(
            Single(form, "start"), Single(form, "name"), Single(form, "email"), Single(form, "phone"), Single(form, "message"))
        {
            DurationMinutes = int.TryParse(Single(form, "durationMinutes"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
                ? minutes
                : null,
            Answers = Answers(form),
        };
        var key = Single(form, "idempotencyKey");
        return (new BookingForm(booking, Requests.IsValidIdempotencyKey(key) ? key : null, Single(form, "timeZone"), Single(form, "lang")), 0);
    }

    /// <summary>How the pages after this POST are shown: in the form's zone and language.</summary>
    public PageRequest PageRequest(HttpRequest request) => new(Language, request.Headers.AcceptLanguage, TimeZone);

    /// <summary>
    /// The <c>answers.{questionId}</c> fields as the JSON API's answers: text as a string, a repeated field (the checked
    /// boxes of a multi-choice question) as a list. Empty values are left out, as an unanswered field is.
    /// </summary>
    private static Dictionary<string, JsonElement>? Answers(IFormCollection form)
    {
        var answers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (!key.StartsWith(AnswerPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var given = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
            if (given.Count > 0)
            {
                answers[key[AnswerPrefix.Length..]] = given.Count == 1
                    ? JsonSerializer.SerializeToElement(given[0])
                    : JsonSerializer.SerializeToElement(given);
            }
        }

        return answers.Count == 0 ? null : answers;
    }

    private const string AnswerPrefix = "answers.";

    /// <summary>One value per field; a missing, empty or repeated field reads as absent (the validator names it).</summary>
    private static string? Single(IFormCollection form, string name) => FormReader.Single(form, name);
}
