using System.Globalization;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The panel's one reading of an expiry typed as a date and a time in the calendar's zone (the Generate and Edit forms
/// both post <c>expiresDate</c> and <c>expiresTime</c>): both or neither, an exact format, and
/// <see cref="ZoneLocalTime.TryToInstant"/> for the zone's gaps and overlaps. Errors are page text keys by field.
/// </summary>
public static class PanelExpiryInput
{
    public const string DateField = "expiresDate";
    public const string TimeField = "expiresTime";

    /// <summary>The instant as RFC 3339 for the Core services; null when both are empty or an error was added.</summary>
    public static string? Read(string? date, string? time, TimeZoneInfo zone, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (date is null && time is null)
        {
            return null;
        }

        if (date is null || time is null)
        {
            errors[date is null ? DateField : TimeField] = "PanelGenerate.Error.Both";
            return null;
        }

        var dateOk = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        var timeOk = TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock);
        if (!dateOk)
        {
            errors[DateField] = "PanelGenerate.Error.Date";
        }

        if (!timeOk)
        {
            errors[TimeField] = "PanelGenerate.Error.Time";
        }

        if (!dateOk || !timeOk)
        {
            return null;
        }

        if (!ZoneLocalTime.TryToInstant(zone, day, clock, out var instant))
        {
            errors[TimeField] = "PanelGenerate.Error.Gap";
            return null;
        }

        return instant.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>An instant as the form's two fields show it in the zone (<c>yyyy-MM-dd</c>, <c>HH:mm</c>).</summary>
    public static (string Date, string Time) Format(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return (local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), local.ToString("HH:mm", CultureInfo.InvariantCulture));
    }
}
