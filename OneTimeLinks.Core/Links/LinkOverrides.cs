using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Questions;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>A window of time a link's slots must lie inside, as sent.</summary>
public sealed record LinkWindowRequest(string? From, string? To);

/// <summary>
/// What one link narrows of its calendar: the appointment lengths offered (among the calendar's
/// <c>durationOptions</c>), a window slots must lie inside, and the appointment's name the invitee sees.
/// <see cref="None"/> narrows nothing.
/// </summary>
public sealed record LinkOverrides(IReadOnlyList<int> DurationMinutes, DateTimeOffset? WindowFrom, DateTimeOffset? WindowTo, string? Title)
{
    public static LinkOverrides None { get; } = new([], null, null, null);

    /// <summary>The calendar's questions this link hides from the invitee or prefills (issue 23).</summary>
    public LinkQuestions Questions { get; init; } = LinkQuestions.None;

    public bool NeedsCalendar => DurationMinutes.Count > 0 || !Questions.IsEmpty;

    /// <summary>The shape of the fields; whether the durations are the calendar's is <see cref="CheckAgainst"/>.</summary>
    public static LinkOverrides Validate(GenerateLinkRequest request, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);

        var durations = CalendarValidator.ValidateDurations(request.DurationMinutes, "durationMinutes", errors);
        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        if (request.Window is { } window)
        {
            from = InputRules.ParseInstant(window.From, "window.from", errors);
            to = InputRules.ParseInstant(window.To, "window.to", errors);
            if (from is { } f && to is { } t && t <= f)
            {
                errors.Add("window.to", "Must be after window.from.");
            }
            else if (to is { } end && end <= now)
            {
                errors.Add("window.to", "Must be in the future.");
            }
        }

        var title = InputRules.OptionalText(request.Title, InputRules.MaxTitleLength, "title", errors);
        return new LinkOverrides(durations, from, to, title) { Questions = LinkQuestions.Validate(request.Hidden, request.Prefill, errors) };
    }

    /// <summary>Adds an error unless every duration is one the calendar allows: a link never widens its calendar.</summary>
    public void CheckAgainst(BookableCalendar calendar, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(errors);
        if (DurationMinutes.Except(calendar.AllowedDurations).Any())
        {
            errors.Add("durationMinutes", $"Must be among the calendar's durations: {string.Join(", ", calendar.AllowedDurations)}.");
        }

        Questions.CheckAgainst(calendar.Questions, errors);
    }
}
