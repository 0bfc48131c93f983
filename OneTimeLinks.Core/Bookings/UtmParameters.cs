namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// The <c>utm_*</c> parameters a link's URL carried when the invitee opened it. They are attribution, not input: a
/// parameter that does not fit is dropped, never an error that could cost a booking.
/// </summary>
public static class UtmParameters
{
    public const string Prefix = "utm_";
    public const int MaxEntries = 10;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 200;

    /// <summary>The first value of each well-formed <c>utm_*</c> parameter, in order, at most <see cref="MaxEntries"/>; null when none.</summary>
    public static IReadOnlyDictionary<string, string>? From(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var utm = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            if (utm.Count == MaxEntries)
            {
                break;
            }

            if (IsUtmKey(key) && !string.IsNullOrWhiteSpace(value) && value.Length <= MaxValueLength && !utm.ContainsKey(key))
            {
                utm[key] = value.Trim();
            }
        }

        return utm.Count == 0 ? null : utm;
    }

    private static bool IsUtmKey(string key) =>
        key.Length > Prefix.Length && key.Length <= MaxKeyLength && key.StartsWith(Prefix, StringComparison.Ordinal)
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
