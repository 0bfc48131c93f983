using System.Text;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// Folds an iCalendar file's content lines at 75 octets of UTF-8 (RFC 5545 3.1), never inside a code point.
/// Ical.Net 5.2.4 (the newest served) folds at 75 UTF-16 chars and can split a surrogate pair, which the UTF-8 encoder
/// then writes as two U+FFFD (ical-org/ical.net issue 693); so its folds are undone here and the lines folded again.
/// </summary>
internal static class ContentLineFolding
{
    private const int MaxOctets = 75;
    private const string LineBreak = "\r\n";

    public static string Refold(string serialized)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        var folded = new StringBuilder(serialized.Length + (serialized.Length / 32));
        foreach (var line in Unfold(serialized).Split(LineBreak))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                if (octets + rune.Utf8SequenceLength > MaxOctets)
                {
                    // The continuation's leading space counts towards its 75 octets.
                    folded.Append(LineBreak).Append(' ');
                    octets = 1;
                }

                folded.Append(rune.ToString());
                octets += rune.Utf8SequenceLength;
            }

            folded.Append(LineBreak);
        }

        return folded.ToString();
    }

    /// <summary>RFC 5545 unfolding: a CRLF followed by one space or tab joins the two lines.</summary>
    private static string Unfold(string serialized)
    {
        var unfolded = new StringBuilder(serialized.Length);
        for (var i = 0; i < serialized.Length; i++)
        {
            if (serialized[i] == '\r' && i + 2 < serialized.Length && serialized[i + 1] == '\n' && serialized[i + 2] is ' ' or '\t')
            {
                i += 2;
                continue;
            }

            unfolded.Append(serialized[i]);
        }

        return unfolded.ToString();
    }
}
