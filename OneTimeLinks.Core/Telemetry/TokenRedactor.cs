using System.Text.RegularExpressions;

namespace OneTimeLinks.Core.Telemetry;

/// <summary>
/// Removes link tokens from text bound for telemetry. A link URL's path segment after <c>/l/</c> is the capability to
/// book (docs/design.md, "The URL routes itself"); nothing recorded may carry it.
/// </summary>
public static partial class TokenRedactor
{
    public const string Placeholder = "{token}";

    [GeneratedRegex(@"(?<=/l/)[^/?#\s""']+", RegexOptions.CultureInvariant)]
    private static partial Regex LinkToken();

    public static string Redact(string text) =>
        text.Contains("/l/", StringComparison.Ordinal) ? LinkToken().Replace(text, Placeholder) : text;

    public static bool NeedsRedaction(string? text) => text is not null && text.Contains("/l/", StringComparison.Ordinal) && LinkToken().IsMatch(text);
}
