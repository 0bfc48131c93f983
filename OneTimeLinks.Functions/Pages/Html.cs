using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace OneTimeLinks.Functions.Pages;

/// <summary>Markup that is already safe: page templates built by <see cref="HtmlBuilder"/>. Never made from input.</summary>
internal readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new("");

    public override string ToString() => Value;
}

/// <summary>
/// Builds a page from interpolated templates: the literal parts are the template's markup and every hole is
/// HTML-encoded by <see cref="HtmlEncoder.Default"/> (safe in text and in double-quoted attributes), unless it is a
/// <see cref="Markup"/> another builder produced. Nothing is escaped by hand.
/// </summary>
internal sealed class HtmlBuilder
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _buffer = new(4096);

    public HtmlBuilder Append([InterpolatedStringHandlerArgument("")] ref HtmlTemplateHandler template) => this;

    /// <summary>Appends text, encoded.</summary>
    public HtmlBuilder Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _buffer.Append(Encoder.Encode(value));
        }

        return this;
    }

    public HtmlBuilder Append(Markup markup)
    {
        _buffer.Append(markup.Value);
        return this;
    }

    /// <summary>Text over several lines as paragraphs, each encoded (contact messages may carry line breaks).</summary>
    public HtmlBuilder Paragraphs(string? text, string? cssClass = null)
    {
        foreach (var line in (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (cssClass is null)
            {
                Append($"<p>{line}</p>");
            }
            else
            {
                Append($"<p class=\"{cssClass}\">{line}</p>");
            }
        }

        return this;
    }

    public Markup ToMarkup() => new(_buffer.ToString());

    public override string ToString() => _buffer.ToString();

    internal void AppendLiteral(string markup) => _buffer.Append(markup);

    internal void AppendEncoded(string? value) => Text(value);
}

/// <summary>The interpolation handler behind <see cref="HtmlBuilder.Append(ref HtmlTemplateHandler)"/>.</summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlTemplateHandler
{
    private readonly HtmlBuilder _builder;

    public HtmlTemplateHandler(int literalLength, int formattedCount, HtmlBuilder builder)
    {
        _ = literalLength;
        _ = formattedCount;
        _builder = builder;
    }

    public void AppendLiteral(string value) => _builder.AppendLiteral(value);

    public void AppendFormatted(string? value) => _builder.AppendEncoded(value);

    public void AppendFormatted(Markup value) => _builder.Append(value);

    public void AppendFormatted(int value) => _builder.AppendEncoded(value.ToString(CultureInfo.InvariantCulture));
}
