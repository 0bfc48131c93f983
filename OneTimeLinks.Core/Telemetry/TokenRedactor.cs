using System.Text.RegularExpressions;

namespace OneTimeLinks.Core.Telemetry;

/// <summary>
/// Removes capability tokens from text bound for telemetry: the path segment after <c>/l/</c> (a link: the capability
/// to book), after <c>/m/</c> (a manage URL: the capability to change a booking), after <c>/feeds/</c> (a booking feed:
/// the capability to read a calendar's bookings), and a <c>manage=</c> value such
/// as the confirmation page's cookie (docs/design.md, "The URL routes itself"). Nothing recorded may carry them.
/// </summary>
public static partial class TokenRedactor
{
    public const string Placeholder = "{token}";

    [GeneratedRegex(@"((?<=/(?:[lm]|feeds|panel)/)[^/?#\s""']+)|((?<=[?&]manage=)[^&#\s""']+)", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public static string Redact(string text) => NeedsRedaction(text) ? Token().Replace(text, Placeholder) : text;

    public static bool NeedsRedaction(string? text) =>
        text is not null
        && (text.Contains("/l/", StringComparison.Ordinal) || text.Contains("/m/", StringComparison.Ordinal)
            || text.Contains("/feeds/", StringComparison.Ordinal) || text.Contains("/panel/", StringComparison.Ordinal)
            || text.Contains("manage=", StringComparison.Ordinal))
        && Token().IsMatch(text);
}
