namespace OneTimeLinks.Core.Calendars;

/// <summary>
/// The languages the invitee's pages are written in, as ISO 639-1 codes. A calendar's default language must be one
/// of them; the Functions app has one resource file per code and a test that keeps both lists equal.
/// </summary>
public static class Languages
{
    public const string Default = "en";

    public static IReadOnlyList<string> Supported { get; } = ["en", "de", "fr", "es", "pt", "nl"];

    public static bool IsSupported(string? code) => code is not null && Supported.Contains(code, StringComparer.Ordinal);
}
