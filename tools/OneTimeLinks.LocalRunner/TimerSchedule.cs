using System.Globalization;
using Cronos;
using Microsoft.Extensions.Configuration;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// A timer trigger's schedule: six-field NCRONTAB with seconds (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>),
/// evaluated in UTC (the host's time zone in Azure unless WEBSITE_TIME_ZONE is set), or a constant interval
/// <c>hh:mm:ss</c> as the host also accepts.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CronExpression? _cron;
    private readonly TimeSpan? _interval;

    private TimerSchedule(string expression, CronExpression? cron, TimeSpan? interval)
    {
        Expression = expression;
        _cron = cron;
        _interval = interval;
    }

    /// <summary>The schedule text after <c>%Setting%</c> resolution.</summary>
    public string Expression { get; }

    public bool IsInterval => _interval is not null;

    /// <summary>Resolves <c>%Setting%</c> references, then parses.</summary>
    /// <exception cref="LocalRunnerStartupException">The setting is missing or the schedule is invalid.</exception>
    public static TimerSchedule Resolve(string schedule, IConfiguration configuration) =>
        Parse(AppSettings.Resolve(schedule, configuration));

    /// <exception cref="LocalRunnerStartupException">Not a six-field NCRONTAB expression nor an hh:mm:ss interval.</exception>
    public static TimerSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (!text.Contains(' ', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
        {
            return interval > TimeSpan.Zero
                ? new TimerSchedule(text, null, interval)
                : throw new LocalRunnerStartupException($"The timer interval '{text}' must be positive.");
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields != 6)
        {
            throw new LocalRunnerStartupException(
                $"The schedule '{text}' has {fields} fields; the Functions host expects six-field NCRONTAB with seconds: '{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}', for example '0 */5 * * * *'.");
        }

        try
        {
            return new TimerSchedule(text, CronExpression.Parse(text, CronFormat.IncludeSeconds), null);
        }
        catch (CronFormatException ex)
        {
            throw new LocalRunnerStartupException($"The schedule '{text}' is not a valid NCRONTAB expression: {ex.Message}", ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>; null when the expression never fires again.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        if (_interval is { } interval)
        {
            return after + interval;
        }

        return _cron!.GetNextOccurrence(after.UtcDateTime, inclusive: false) is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero)
            : null;
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/> (what <c>func start</c> prints).</summary>
    public IReadOnlyList<DateTimeOffset> GetNextOccurrences(DateTimeOffset after, int count)
    {
        var list = new List<DateTimeOffset>(count);
        var from = after;
        while (list.Count < count && GetNextOccurrence(from) is { } next)
        {
            list.Add(next);
            from = next;
        }

        return list;
    }

    public override string ToString() => Expression;
}
