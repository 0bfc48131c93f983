using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The one HTML encoder of the pages. All Unicode ranges pass through, so "Dézembre" stays readable in the source of a
/// French or German page; the characters that can break out of text or attributes (&lt; &gt; &amp; ' " +) are
/// always encoded.
/// </summary>
internal static class PageEncoding
{
    public static HtmlEncoder Encoder { get; } = HtmlEncoder.Create(UnicodeRanges.All);
}
