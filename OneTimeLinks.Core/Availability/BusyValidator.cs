using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Availability;

/// <summary>The rules for busy intervals and the windows they are listed and synced in; every problem at once.</summary>
internal static class BusyValidator
{
    public const int MaxIdLength = 128;
    public const int MaxSyncIntervals = 500;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(62);

    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && !id.Any(char.IsControl);

    public static BusyInterval? Validate(string? id, BusyIntervalRequest? request, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (request is null)
        {
            errors.Add("", "A JSON body is required.");
            return null;
        }

        return Validate(id, "busyId", request.Start, request.End, request.Title, "", errors);
    }

    /// <summary>The window of a list or sync: both ends required, <c>to</c> after <c>from</c>, at most 62 days.</summary>
    public static (DateTimeOffset From, DateTimeOffset To)? ValidateWindow(string? from, string? to, FieldErrors errors) =>
        InputRules.Window(from, to, MaxWindow, errors);

    /// <summary>A sync body: up to 500 intervals with distinct ids, each starting inside the window.</summary>
    public static IReadOnlyList<BusyInterval>? ValidateSync(
        (DateTimeOffset From, DateTimeOffset To) window, BusySyncRequest? request, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (request?.Intervals is not { } items)
        {
            errors.Add("intervals", "Required: the window's busy intervals, [] to clear it.");
            return null;
        }

        if (items.Count > MaxSyncIntervals)
        {
            errors.Add("intervals", $"At most {MaxSyncIntervals} intervals per call; sync a shorter window.");
            return null;
        }

        var report = new FieldErrors();
        var intervals = new List<BusyInterval>(items.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in InputRules.Items(items, "intervals", "Must be an object with id, start and end.", report))
        {
            if (Validate(item.Id, $"{path}.id", item.Start, item.End, item.Title, $"{path}.", report) is not { } interval)
            {
                continue;
            }

            if (!ids.Add(interval.Id))
            {
                report.Add($"{path}.id", "Appears more than once.");
            }
            else if (interval.Start < window.From || interval.Start >= window.To)
            {
                report.Add($"{path}.start", "Must lie inside the window (from inclusive, to exclusive).");
            }
            else
            {
                intervals.Add(interval);
            }
        }

        if (!report.IsEmpty)
        {
            report.CopyTo(errors);
            return null;
        }

        return intervals;
    }

    private static BusyInterval? Validate(
        string? id, string idField, string? start, string? end, string? title, string prefix, FieldErrors errors)
    {
        var report = new FieldErrors();
        if (!IsValidId(id))
        {
            report.Add(idField, $"Must be 1 to {MaxIdLength} characters, without control characters.");
        }

        var from = InputRules.ParseInstant(start, prefix + "start", report);
        var to = InputRules.ParseInstant(end, prefix + "end", report);
        var cleanTitle = InputRules.OptionalText(title, InputRules.MaxTitleLength, prefix + "title", report);
        if (from is not null && to is not null)
        {
            if (to <= from)
            {
                report.Add(prefix + "end", "Must be after start.");
            }
            else if (to - from > MaxDuration)
            {
                report.Add(prefix + "end", $"A busy interval may last at most {MaxDuration.TotalDays} days.");
            }
        }

        if (!report.IsEmpty)
        {
            report.CopyTo(errors);
            return null;
        }

        return new BusyInterval(id!, from!.Value, to!.Value, cleanTitle);
    }
}
