using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Core.Validation;

/// <summary>Reads a name a field may hold into the value it stands for; false for a name it does not know.</summary>
public delegate bool NameReader<T>(string value, out T parsed);

/// <summary>Field rules shared by every input that carries them, so one field means one rule everywhere.</summary>
public static partial class InputRules
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;

    /// <summary>An id the CRM gives a record of its own (a contact, an actor, a workflow's request): opaque here.</summary>
    public const int MaxExternalIdLength = 200;

    /// <summary>A title the invitee or the owner reads (a link's appointment, a busy interval).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>An id the CRM chooses that stands in our routes (a calendar's, a busy feed's): see <see cref="IsSlug"/>.</summary>
    public const int MaxSlugLength = 64;

    /// <summary>The first instant the service accepts in any field, query or message (inclusive).</summary>
    public static readonly DateTimeOffset EarliestInstant = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The end of the instants the service accepts (exclusive): every instant lies in [2000-01-01, 2200-01-01) UTC.</summary>
    /// <remarks>
    /// A fixed range, not one relative to "now", so the same text parses the same way on every call. It is centuries away
    /// from <see cref="DateTimeOffset"/>'s bounds, so the arithmetic after parsing (horizons, buffers, the ±2 days read
    /// around a start, local days, retention) can never overflow. Each field still has its own rules on top (in the
    /// future, at most 5 years ahead…).
    /// </remarks>
    public static readonly DateTimeOffset EndOfInstants = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Parses an RFC 3339 date-time (<c>2026-12-01T17:00:00+01:00</c>, <c>…Z</c>, optional fraction of up to 7
    /// digits). Nothing else: a bare local time is ambiguous, and culture forms ("12/10/2030 10:00 +01:00") can be
    /// misread, so both are refused rather than guessed.
    /// </summary>
    public static DateTimeOffset? ParseInstant(string? value, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "A date and time is required.");
            return null;
        }

        if (!Rfc3339().IsMatch(value)
            || !DateTimeOffset.TryParseExact(value.ToUpperInvariant(), Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            errors.Add(field, "Must be an RFC 3339 date and time with an offset, for example 2026-12-01T17:00:00+01:00.");
            return null;
        }

        if (instant < EarliestInstant || instant >= EndOfInstants)
        {
            errors.Add(field, "Must lie between 2000-01-01T00:00:00Z (inclusive) and 2200-01-01T00:00:00Z (exclusive).");
            return null;
        }

        return instant;
    }

    // The regex fixes the shape ("T" or "t", "Z", "z" or "±hh:mm"; [0-9] because \d matches any script's digits);
    // the exact formats then check the ranges (month 13 or hour 25 fail there).
    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    private static readonly string[] Rfc3339Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>A window of time in the query: <c>from</c> and <c>to</c> required, <c>to</c> after <c>from</c>, at most <paramref name="max"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To)? Window(string? from, string? to, TimeSpan max, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var start = ParseInstant(from, "from", errors);
        var end = ParseInstant(to, "to", errors);
        if (start is null || end is null)
        {
            return null;
        }

        if (end <= start)
        {
            errors.Add("to", "Must be after from.");
            return null;
        }

        if (end - start > max)
        {
            errors.Add("to", $"The window may span at most {max.TotalDays} days.");
            return null;
        }

        return (start.Value, end.Value);
    }

    /// <summary>
    /// 1 to <paramref name="maxLength"/> characters of <c>[A-Za-z0-9_-]</c>: the shape of every id that travels unescaped
    /// in URLs, table keys, form field names or field error keys.
    /// </summary>
    public static bool IsSlug(string? id, int maxLength) =>
        !string.IsNullOrEmpty(id) && id.Length <= maxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>The field error for an id that is not <see cref="IsSlug"/>.</summary>
    public static string SlugRule(int maxLength) => $"Must be 1 to {maxLength} characters of A-Z, a-z, 0-9, '_' or '-'.";

    /// <summary>The field error for a language that is not one of <see cref="Languages.Supported"/>.</summary>
    public static string LanguageRule { get; } = $"Must be one of {string.Join(", ", Languages.Supported)}.";

    /// <summary>A page language when one is sent: one of <see cref="Languages.Supported"/>, spelled exactly.</summary>
    public static void OptionalLanguage(string? language, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (language is not null && !Languages.IsSupported(language))
        {
            errors.Add(field, LanguageRule);
        }
    }

    /// <summary>
    /// The items of a list in the body with their paths (<c>field[i]</c>); a null item is <paramref name="nullRule"/> under
    /// its path and skipped, so every item given to the caller is one to validate.
    /// </summary>
    public static IEnumerable<(string Path, T Item)> Items<T>(IReadOnlyList<T?> list, string field, string nullRule, FieldErrors errors)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{field}[{i}]";
            if (list[i] is { } item)
            {
                yield return (path, item);
            }
            else
            {
                errors.Add(path, nullRule);
            }
        }
    }

    /// <summary>
    /// A list of distinct strings, each meeting <paramref name="isValid"/> (else <paramref name="itemRule"/> under its
    /// path): empty when absent; more than <paramref name="max"/>, or the same <paramref name="itemName"/> twice, is an
    /// error under <paramref name="field"/>. The list when every item is valid, else empty.
    /// </summary>
    public static string[] DistinctList(
        IReadOnlyList<string?>? values, string field, int max, Func<string?, bool> isValid, string itemRule, string itemName, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(isValid);
        ArgumentNullException.ThrowIfNull(errors);
        if (values is null || values.Count == 0)
        {
            return [];
        }

        if (values.Count > max)
        {
            errors.Add(field, $"Must list at most {max}.");
            return [];
        }

        var valid = true;
        for (var i = 0; i < values.Count; i++)
        {
            if (!isValid(values[i]))
            {
                errors.Add($"{field}[{i}]", itemRule);
                valid = false;
            }
        }

        if (valid && values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            errors.Add(field, $"Must not list the same {itemName} twice.");
            return [];
        }

        return valid ? [.. values.Select(v => v!)] : [];
    }

    /// <summary>
    /// An optional name from a list's query (a status, an attendance): null when absent, its value when
    /// <paramref name="read"/> knows it, otherwise <paramref name="rule"/> under <paramref name="field"/>.
    /// </summary>
    public static T? OptionalName<T>(string? value, NameReader<T> read, string field, string rule, FieldErrors errors)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            return null;
        }

        if (read(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, rule);
        return null;
    }

    public static string? OptionalText(string? value, int maxLength, string field, FieldErrors errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"Must be at most {maxLength} characters.");
            return null;
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(field, "Must not contain control characters.");
            return null;
        }

        return trimmed;
    }

    public static string? RequiredText(string? value, int maxLength, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Is required.");
            return null;
        }

        return OptionalText(value, maxLength, field, errors);
    }

    public static string? OptionalEmail(string? value, string field, FieldErrors errors)
    {
        var email = OptionalText(value, MaxEmailLength, field, errors);
        if (email is not null && !IsEmail(email))
        {
            errors.Add(field, "Must be an email address.");
            return null;
        }

        return email;
    }

    public static string? RequiredEmail(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Is required.");
            return null;
        }

        return OptionalEmail(value, field, errors);
    }

    // MailAddress accepts display-name forms ("Jane <j@x.org>"); an address field must be the bare address.
    private static bool IsEmail(string value) =>
        !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
