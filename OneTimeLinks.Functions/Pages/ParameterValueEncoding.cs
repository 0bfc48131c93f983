using System.Text;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// Makes text safe as an iCalendar parameter value. A parameter value cannot hold CR, LF or DQUOTE (RFC 5545 3.2), and
/// Ical.Net writes it as given (a line break ends the content line: header injection) or drops the quote; RFC 6868
/// encodes them as <c>^n</c> and <c>^'</c>, and a caret as <c>^^</c>. Any line break (CRLF, CR, LF) is one <c>^n</c>,
/// as text values write it as one <c>\n</c>. Other control characters are not allowed at all and are left out.
/// </summary>
internal static class ParameterValueEncoding
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var encoded = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    encoded.Append("^n");
                    break;
                case '"':
                    encoded.Append("^'");
                    break;
                case '^':
                    encoded.Append("^^");
                    break;
                case '\t':
                    encoded.Append('\t');
                    break;
                case var c when char.IsControl(c) && c < '\u0080':
                    break;
                case var c:
                    encoded.Append(c);
                    break;
            }
        }

        return encoded.ToString();
    }
}
