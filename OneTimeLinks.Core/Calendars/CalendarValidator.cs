using System.Diagnostics.CodeAnalysis;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Questions;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Calendars;

/// <summary>
/// Turns an untrusted <see cref="CalendarRequest"/> into a <see cref="BookableCalendar"/>, reporting every problem at once
/// under the JSON camelCase path of the offending field so a CRM can show all of them in one round trip.
/// </summary>
public static class CalendarValidator
{
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 480;
    public const int MaxMinimumNoticeMinutes = 525_600;
    public const int DefaultHorizonDays = 30;
    public const int MaxHorizonDays = 365;
    public const int MaxContactMessageLength = 1000;
    public const int MinSlotIntervalMinutes = 5;
    public const int MaxSlotIntervalMinutes = 720;
    public const int MaxBookingsPerDayLimit = 1000;
    public const int MaxChangeNoticeMinutes = 43_200;

    public const int MaxDurationOptions = 4;

    public const int DefaultConfirmationDeadlineHours = 24;
    public const int MaxConfirmationDeadlineHours = 168;

    /// <summary>Returns the calendar stamped with <paramref name="now"/>, or null after adding at least one error.</summary>
    public static BookableCalendar? Validate(string calendarId, CalendarRequest? request, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);

        // The caller's collection may already hold errors of its own, so success is judged on a fresh one.
        var report = new FieldErrors();

        if (!IsValidCalendarId(calendarId))
        {
            report.Add("calendarId", CalendarIdRule);
        }

        if (request is null)
        {
            report.Add("", "A JSON body is required.");
            report.CopyTo(errors);
            return null;
        }

        var name = InputRules.RequiredText(request.Name, InputRules.MaxNameLength, "name", report);
        var timeZone = ValidateTimeZone(request.TimeZone, report);
        var slotMinutes = ValidateSlotMinutes(request.SlotMinutes, report);
        var availability = ValidateAvailability(request.Availability, slotMinutes, report);
        var minimumNoticeMinutes = ValidateRange(
            request.MinimumNoticeMinutes, 0, 0, MaxMinimumNoticeMinutes, "minimumNoticeMinutes", report);
        var horizonDays = ValidateRange(request.HorizonDays, DefaultHorizonDays, 1, MaxHorizonDays, "horizonDays", report);
        var contactMessage = InputRules.OptionalText(
            request.ContactMessage, MaxContactMessageLength, "contactMessage", report);
        var bufferBefore = ValidateRange(
            request.BufferBeforeMinutes, 0, 0, AvailabilityRules.MaxBufferMinutes, "bufferBeforeMinutes", report);
        var bufferAfter = ValidateRange(
            request.BufferAfterMinutes, 0, 0, AvailabilityRules.MaxBufferMinutes, "bufferAfterMinutes", report);
        int? maxBookingsPerDay = request.MaxBookingsPerDay is null
            ? null
            : ValidateRange(request.MaxBookingsPerDay, 0, 1, MaxBookingsPerDayLimit, "maxBookingsPerDay", report);
        int? slotInterval = request.SlotIntervalMinutes is null
            ? null
            : ValidateRange(request.SlotIntervalMinutes, 0, MinSlotIntervalMinutes, MaxSlotIntervalMinutes, "slotIntervalMinutes", report);
        var changeNotice = ValidateRange(
            request.ChangeNoticeMinutes, 0, 0, MaxChangeNoticeMinutes, "changeNoticeMinutes", report);

        var durationOptions = ValidateDurations(request.DurationOptions, "durationOptions", report);

        var confirmationDeadline = ValidateRange(
            request.ConfirmationDeadlineHours, DefaultConfirmationDeadlineHours, 1, MaxConfirmationDeadlineHours, "confirmationDeadlineHours", report);

        var questions = QuestionValidator.Validate(request.Questions, report);

        InputRules.OptionalLanguage(request.Language, "language", report);

        if (!report.IsEmpty)
        {
            report.CopyTo(errors);
            return null;
        }

        return new BookableCalendar(
            calendarId,
            name!,
            timeZone!,
            slotMinutes!.Value,
            availability!,
            minimumNoticeMinutes,
            horizonDays,
            contactMessage,
            now,
            bufferBefore,
            bufferAfter,
            maxBookingsPerDay,
            slotInterval,
            changeNotice)
        {
            Language = request.Language,
            DurationOptions = durationOptions,
            RequiresConfirmation = request.RequiresConfirmation ?? false,
            ConfirmationDeadlineHours = confirmationDeadline,
            Questions = questions,
        };
    }

    /// <summary>Up to <see cref="MaxDurationOptions"/> distinct appointment lengths, each a valid slot length; sorted.</summary>
    public static IReadOnlyList<int> ValidateDurations(IReadOnlyList<int>? durations, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (durations is null || durations.Count == 0)
        {
            return [];
        }

        if (durations.Count > MaxDurationOptions || durations.Distinct().Count() != durations.Count)
        {
            errors.Add(field, $"Must list 1 to {MaxDurationOptions} different durations.");
        }

        if (durations.Any(d => d is < MinSlotMinutes or > MaxSlotMinutes))
        {
            errors.Add(field, $"Each must be between {MinSlotMinutes} and {MaxSlotMinutes} minutes.");
        }

        return [.. durations.Order()];
    }

    /// <summary>
    /// True for 1..64 characters of <c>[A-Za-z0-9_-]</c>: the id travels in URLs and table keys unescaped,
    /// and '.' is reserved as the separator inside link tokens.
    /// </summary>
    public static bool IsValidCalendarId(string? id) => InputRules.IsSlug(id, InputRules.MaxSlugLength);

    public static string CalendarIdRule => InputRules.SlugRule(InputRules.MaxSlugLength);

    /// <summary>
    /// A time zone by its IANA id, spelled exactly. Windows ids also resolve on every platform, but a zone id must mean
    /// the same thing to the CRMs and browsers that read it back, which speak IANA. The exact match rejects other
    /// spellings: lookups are case-insensitive once a zone is cached, so "europe/berlin" would otherwise pass or fail
    /// depending on history.
    /// </summary>
    public static bool TryFindTimeZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        return !string.IsNullOrEmpty(id)
            && TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone)
            && zone.HasIanaId
            && string.Equals(zone.Id, id, StringComparison.Ordinal);
    }

    private static string? ValidateTimeZone(string? id, FieldErrors report)
    {
        if (string.IsNullOrEmpty(id))
        {
            report.Add("timeZone", "An IANA time zone id such as \"Europe/Berlin\" is required.");
            return null;
        }

        if (!TryFindTimeZone(id, out _))
        {
            report.Add("timeZone", "Must be an IANA time zone id, spelled exactly, such as \"Europe/Berlin\" or \"UTC\".");
            return null;
        }

        return id;
    }

    private static int? ValidateSlotMinutes(int? slotMinutes, FieldErrors report)
    {
        if (slotMinutes is null)
        {
            report.Add("slotMinutes", "The slot length in minutes is required.");
            return null;
        }

        if (slotMinutes < MinSlotMinutes || slotMinutes > MaxSlotMinutes)
        {
            report.Add("slotMinutes", $"Must be between {MinSlotMinutes} and {MaxSlotMinutes}.");
            return null;
        }

        return slotMinutes;
    }

    private static int ValidateRange(int? value, int defaultValue, int min, int max, string field, FieldErrors report)
    {
        if (value is null)
        {
            return defaultValue;
        }

        if (value < min || value > max)
        {
            report.Add(field, $"Must be between {min} and {max}.");
            return defaultValue;
        }

        return value.Value;
    }

    private static WeeklyAvailability? ValidateAvailability(
        IReadOnlyDictionary<string, IReadOnlyList<TimeWindowRequest>?>? availability,
        int? slotMinutes,
        FieldErrors report)
    {
        if (availability is null)
        {
            // Required even though it may be empty: a missing property is far more often a client bug than intent.
            report.Add("availability", "Availability is required; use {} for a calendar with no bookable time.");
            return null;
        }

        var days = new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>();
        foreach (var (key, windows) in availability)
        {
            var path = $"availability.{key}";
            if (!TryParseWeekday(key, out var day))
            {
                report.Add(path, "Unknown day; use lowercase English weekday names, monday to sunday.");
                continue;
            }

            var parsed = ValidateDay(path, windows, slotMinutes, report);
            if (parsed is { Count: > 0 })
            {
                days[day] = parsed;
            }
        }

        return new WeeklyAvailability(days);
    }

    private static List<TimeWindow>? ValidateDay(
        string dayPath, IReadOnlyList<TimeWindowRequest>? windows, int? slotMinutes, FieldErrors report)
    {
        if (windows is null || windows.Count == 0)
        {
            return [];
        }

        var valid = new List<(int Start, int End)>(windows.Count);
        for (var i = 0; i < windows.Count; i++)
        {
            var window = ValidateWindow($"{dayPath}[{i}]", windows[i], slotMinutes, report);
            if (window is { } minutes)
            {
                valid.Add(minutes);
            }
        }

        // Overlap is a property of the day rather than of one window, so it is reported on the day.
        valid.Sort((a, b) => a.Start.CompareTo(b.Start));
        var overlapping = false;
        for (var i = 1; i < valid.Count; i++)
        {
            if (valid[i].Start < valid[i - 1].End)
            {
                report.Add(
                    dayPath,
                    $"Windows {Format(valid[i - 1].Start)}-{Format(valid[i - 1].End)} and " +
                    $"{Format(valid[i].Start)}-{Format(valid[i].End)} overlap.");
                overlapping = true;
            }
        }

        if (overlapping || valid.Count != windows.Count)
        {
            return null;
        }

        return valid.ConvertAll(w => TimeWindow.FromMinutes(w.Start, w.End));
    }

    private static (int Start, int End)? ValidateWindow(
        string path, TimeWindowRequest? window, int? slotMinutes, FieldErrors report)
    {
        if (window is null)
        {
            report.Add(path, "A window needs a start and an end.");
            return null;
        }

        var start = ValidateTime($"{path}.start", window.Start, allowEndOfDay: false, report);
        var end = ValidateTime($"{path}.end", window.End, allowEndOfDay: true, report);
        if (start is null || end is null)
        {
            return null;
        }

        if (end <= start)
        {
            report.Add($"{path}.end", "Must be after start.");
            return null;
        }

        // An unknown slot length already carries its own error; judging the window against it would only add noise.
        if (slotMinutes is { } slot && end - start < slot)
        {
            report.Add($"{path}.end", $"The window must be at least {slot} minutes long to hold one slot.");
            return null;
        }

        return (start.Value, end.Value);
    }

    private static int? ValidateTime(string path, string? value, bool allowEndOfDay, FieldErrors report)
    {
        if (string.IsNullOrEmpty(value))
        {
            report.Add(path, "Required, as \"HH:mm\".");
            return null;
        }

        if (!TryParseMinutes(value, allowEndOfDay, out var minutes))
        {
            report.Add(
                path,
                allowEndOfDay
                    ? "Must be a 24-hour time \"HH:mm\" from 00:00 to 23:59, or 24:00 for the end of the day."
                    : "Must be a 24-hour time \"HH:mm\" from 00:00 to 23:59.");
            return null;
        }

        return minutes;
    }

    /// <summary>Parses exactly <c>HH:mm</c> by hand: culture-aware parsers accept "9:00", " 09:00" or "09:00:00".</summary>
    private static bool TryParseMinutes(string value, bool allowEndOfDay, out int minutes)
    {
        minutes = 0;
        if (value.Length != 5
            || !char.IsAsciiDigit(value[0]) || !char.IsAsciiDigit(value[1])
            || value[2] != ':'
            || !char.IsAsciiDigit(value[3]) || !char.IsAsciiDigit(value[4]))
        {
            return false;
        }

        var hours = (value[0] - '0') * 10 + (value[1] - '0');
        var mins = (value[3] - '0') * 10 + (value[4] - '0');
        if (allowEndOfDay && hours == 24 && mins == 0)
        {
            minutes = TimeWindow.MinutesPerDay;
            return true;
        }

        if (hours > 23 || mins > 59)
        {
            return false;
        }

        minutes = hours * 60 + mins;
        return true;
    }

    private static bool TryParseWeekday(string key, out DayOfWeek day)
    {
        (var known, day) = key switch
        {
            "monday" => (true, DayOfWeek.Monday),
            "tuesday" => (true, DayOfWeek.Tuesday),
            "wednesday" => (true, DayOfWeek.Wednesday),
            "thursday" => (true, DayOfWeek.Thursday),
            "friday" => (true, DayOfWeek.Friday),
            "saturday" => (true, DayOfWeek.Saturday),
            "sunday" => (true, DayOfWeek.Sunday),
            _ => (false, default),
        };
        return known;
    }

    private static string Format(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
