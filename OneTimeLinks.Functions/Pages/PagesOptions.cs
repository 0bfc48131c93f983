namespace OneTimeLinks.Functions.Pages;

/// <summary>Configuration section <c>Pages</c>: how the invitee's HTML pages are served.</summary>
public sealed class PagesOptions
{
    public const string SectionName = "Pages";

    /// <summary>
    /// The CSP <c>frame-ancestors</c> source list: who may embed the pages in a frame. <c>'none'</c> by default; a CRM
    /// that embeds the booking page is listed by origin, for example <c>https://crm.example.com</c>.
    /// </summary>
    public string FrameAncestors { get; set; } = "'none'";

    /// <summary>The path the asset function answers on (route prefix from host.json plus <c>assets/</c>).</summary>
    public string AssetPath { get; set; } = "/api/assets/";

    /// <summary>A CSP source list goes into a header verbatim: no directive separators, no control characters.</summary>
    internal static bool IsValidSourceList(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && value.Length <= 1000
        && value.All(c => c is >= ' ' and <= '~' && c is not ';' and not ',');

    internal static bool IsValidPath(string? value) =>
        value is { Length: > 1 } && value[0] == '/' && value[^1] == '/' && !value.StartsWith("//", StringComparison.Ordinal)
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.');
}
