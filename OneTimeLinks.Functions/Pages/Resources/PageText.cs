using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace OneTimeLinks.Functions.Pages.Resources;

/// <summary>
/// The pages' words, from <c>PageText.resx</c> (English) and one <c>PageText.{language}.resx</c> per language, in the
/// current UI culture (set per render by <see cref="PageResult"/>). Keys are prefixed by the page that uses them.
/// </summary>
public sealed class PageText(IStringLocalizer<PageText> localizer)
{
    public string this[string key] => Find(key);

    /// <summary>A sentence with values in it, formatted in the page's culture; encoded when Razor writes it.</summary>
    public string this[string key, params object[] arguments] =>
        string.Format(CultureInfo.CurrentCulture, Find(key), arguments);

    /// <summary>
    /// A sentence whose holes hold markup (a <c>&lt;time&gt;</c> element, a highlighted zone): the translated words are
    /// encoded, <see cref="IHtmlContent"/> arguments are written as they are, any other argument is encoded.
    /// </summary>
    public IHtmlContent Html(string key, params object[] arguments)
    {
        var template = Find(key);
        var html = new StringBuilder(template.Length + 64);
        var encoder = PageEncoding.Encoder;
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                html.Append(encoder.Encode(template[position..]));
                break;
            }

            var close = template.IndexOf('}', open);
            html.Append(encoder.Encode(template[position..open]));
            var argument = arguments[int.Parse(template.AsSpan(open + 1, close - open - 1), CultureInfo.InvariantCulture)];
            if (argument is IHtmlContent markup)
            {
                using var writer = new StringWriter(html, CultureInfo.InvariantCulture);
                markup.WriteTo(writer, encoder);
            }
            else
            {
                html.Append(encoder.Encode(Convert.ToString(argument, CultureInfo.CurrentCulture) ?? ""));
            }

            position = close + 1;
        }

        return new HtmlString(html.ToString());
    }

    /// <summary>A key missing even from the English file is a template bug, not something to show the invitee.</summary>
    private string Find(string key)
    {
        var text = localizer[key];
        return text.ResourceNotFound
            ? throw new InvalidOperationException($"The page text '{key}' is missing from PageText.resx.")
            : text.Value;
    }
}
