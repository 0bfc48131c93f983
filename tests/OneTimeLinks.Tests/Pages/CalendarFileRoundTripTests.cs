using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Functions.Pages;
using OneTimeLinks.Functions.Pages.Resources;

namespace OneTimeLinks.Tests.Pages;

/// <summary>
/// The invitee's .ics with hostile and multilingual text in every field that reaches it (calendar name, contact
/// message, invitee name, email, message): it must parse in ical.js and in Ical.Net, give every value back exactly, and
/// stay one VEVENT with one DTSTART, in lines of at most 75 octets ending in CRLF, without a replacement character.
/// iCalendar has one line break in text (<c>\n</c>, and <c>^n</c> in parameters), so CRLF and CR come back as LF.
/// </summary>
public sealed partial class CalendarFileRoundTripTests
{
    private const string ManageUrl = "https://book.example.test/api/m/manage-token?lang=en";

    private static readonly string[] Pieces =
    [
        // Astral plane: plain, skin tone, ZWJ sequences, flags, a musical symbol, an ideograph outside the BMP.
        "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇩🇪", "🇯🇵", "𝄞", "𠜎",
        // Combining marks, alone and stacked.
        "e\u0301", "a\u0308\u0323", "\u0301",
        // Right to left, with a mark.
        "שלום", "مرحبا", "\u200F",
        // Three-byte UTF-8.
        "漢字", "日本語", "한국어", "€",
        // Line breaks, quotes and the characters iCalendar escapes or delimits with.
        "\r", "\n", "\r\n", "\"", "'", "\\", "\\n", ";", ",", ":", "^", "^n", "^'", "\t", " ",
        "Praxis", "Dr.", "x", "DTSTART:19700101T000000Z", "END:VEVENT",
    ];

    private static readonly PageText Text = new ServiceCollection().AddLogging().AddLocalization().AddSingleton<PageText>()
        .BuildServiceProvider().GetRequiredService<PageText>();

    [Fact]
    public void Create_RandomTextInEveryField_RoundTripsThroughIcalJsAndIcalNet()
    {
        var random = new Random(21);
        var cases = Enumerable.Range(0, 200).Select(_ => new Fields(
            RandomText(random) ?? "x", RandomText(random), RandomText(random) ?? "x", RandomText(random) ?? "x", RandomText(random))).ToList();

        AssertRoundTrips(cases);
    }

    [Fact]
    public void Create_CalendarNameWithCrlfAndADtstartLine_InjectsNothing()
    {
        var injection = new Fields("Praxis\r\nDTSTART:19700101T000000Z\tTab", "Call \"us\"\r\nEND:VEVENT", "Ann", "ann@example.com", null);

        var ics = AssertRoundTrips([injection]).Single();

        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Single(unfolded.Split("\r\n"), line => line.StartsWith("DTSTART", StringComparison.Ordinal));
        Assert.Contains("ORGANIZER;CN=\"Praxis^nDTSTART:19700101T000000Z\tTab\":urn:onetimelinks:calendar:praxis\r\n", unfolded, StringComparison.Ordinal);
    }

    private static List<string> AssertRoundTrips(List<Fields> cases)
    {
        var files = cases.Select(Serve).ToList();
        var parsed = ParseWithIcalJs(files);
        for (var i = 0; i < cases.Count; i++)
        {
            var (fields, ics, js) = (cases[i], files[i], parsed[i]);
            var label = $"case {i} ({JsonSerializer.Serialize(fields)})";
            Assert.False(ics.Contains('\uFFFD', StringComparison.Ordinal), $"{label}: U+FFFD in the file.");
            Assert.False(ics.Replace("\r\n", "", StringComparison.Ordinal).AsSpan().IndexOfAny('\r', '\n') >= 0, $"{label}: a line ends in something other than CRLF.");
            Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
            foreach (var line in ics.Split("\r\n")[..^1])
            {
                Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{label}: {Encoding.UTF8.GetByteCount(line)} octets in '{line}'.");
            }

            var summary = Text["Ics.Summary", fields.CalendarName];
            var description = ExpectedDescription(fields);

            Assert.True(js.Error is null, $"{label}: ical.js refused the file: {js.Error}\n{ics}");
            Assert.True(js.Events == 1 && js.Starts == 1, $"{label}: ical.js read {js.Events} VEVENTs and {js.Starts} DTSTARTs.");
            Assert.Equal(OneLineBreak(summary), js.Summary);
            Assert.Equal(OneLineBreak(description), js.Description);
            // ical.js reads a parameter value as TEXT and so takes \\ \; \, \n as escapes; RFC 5545 3.2 has none there.
            Assert.Equal(IcalJsTextUnescape(OneLineBreak(fields.CalendarName)), js.CommonName);

            var calendar = Ical.Net.Calendar.Load(ics);
            var vevent = Assert.Single(calendar!.Events);
            Assert.Single(vevent.Properties, p => p.Name == "DTSTART");
            Assert.Equal(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc), vevent.DtStart!.AsUtc);
            Assert.Equal(OneLineBreak(summary), vevent.Summary);
            Assert.Equal(OneLineBreak(description), vevent.Description);
            // Ical.Net 5.2.4 reads parameters without RFC 6868 decoding; ical.js decodes them itself.
            Assert.Equal(OneLineBreak(fields.CalendarName), Rfc6868Decode(vevent.Organizer!.CommonName!));
        }

        return files;
    }

    /// <summary>The file as the route serves it: UTF-8 bytes, read back as a client would.</summary>
    private static string Serve(Fields fields)
    {
        var calendar = new BookableCalendar(
            "praxis", fields.CalendarName, "Europe/Berlin", 30, new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>()),
            0, 30, fields.ContactMessage, DateTimeOffset.UnixEpoch);
        var start = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        var booking = new Booking(
            "0123456789abcdef0123456789abcdef", "praxis", "link", start, start.AddMinutes(30), fields.Name, fields.Email, null, fields.Message, start.AddHours(-1));
        var ics = BookingCalendarFile.Create(calendar, booking, ManageUrl, Text, CultureInfo.GetCultureInfo("en"));
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(ics));
    }

    private static string ExpectedDescription(Fields fields)
    {
        var calendar = new BookableCalendar(
            "praxis", fields.CalendarName, "Europe/Berlin", 30, new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>()),
            0, 30, fields.ContactMessage, DateTimeOffset.UnixEpoch);
        var lines = new List<string> { Text["Ics.BookedBy", fields.Name, fields.Email] };
        if (fields.Message is not null)
        {
            lines.Add(Text["Ics.Message", fields.Message]);
        }

        lines.Add("");
        lines.Add(Text["Ics.Manage", ManageUrl]);
        lines.Add("");
        lines.Add(Text["Ics.Change", string.Join("\n", ContactLines.Of(calendar, Text))]);
        lines.Add(Text["Confirmation.Reference", "0123456789abcdef0123456789abcdef"]);
        return string.Join("\n", lines);
    }

    /// <summary>Text as validation lets it through (InputRules.OptionalText): trimmed, null when nothing is left.</summary>
    private static string? RandomText(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Pieces[random.Next(Pieces.Length)])).Trim() is { Length: > 0 } text ? text : null;

    private static string OneLineBreak(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string IcalJsTextUnescape(string value) =>
        IcalJsTextEscape().Replace(value, m => m.Value[1] switch { 'n' or 'N' => "\n", var c => c.ToString() });

    [GeneratedRegex(@"\\\\|\\;|\\,|\\[Nn]")]
    private static partial Regex IcalJsTextEscape();

    private static string Rfc6868Decode(string value)
    {
        var decoded = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var next = i + 1 < value.Length ? value[i + 1] : '\0';
            if (value[i] == '^' && next is 'n' or '\'' or '^')
            {
                decoded.Append(next switch { 'n' => '\n', '\'' => '"', _ => '^' });
                i++;
            }
            else
            {
                decoded.Append(value[i]);
            }
        }

        return decoded.ToString();
    }

    /// <summary>One node process for the whole batch: the files go in as a JSON array, what ical.js read comes out.</summary>
    private static List<IcalJsReading> ParseWithIcalJs(List<string> files) => IcalJs.Read<IcalJsReading>(IcalJsReader, files);

    private const string IcalJsReader = """
        const ICAL = require(process.argv[1]);
        const files = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
        const readings = files.map(ics => {
          try {
            const calendar = new ICAL.Component(ICAL.parse(ics));
            const events = calendar.getAllSubcomponents('vevent');
            const vevent = events[0];
            const organizer = vevent && vevent.getFirstProperty('organizer');
            return {
              error: null,
              events: events.length,
              starts: vevent ? vevent.getAllProperties('dtstart').length : 0,
              summary: vevent ? vevent.getFirstPropertyValue('summary') : null,
              description: vevent ? vevent.getFirstPropertyValue('description') : null,
              commonName: organizer ? organizer.getParameter('cn') : null,
            };
          } catch (e) {
            return { error: String(e), events: 0, starts: 0, summary: null, description: null, commonName: null };
          }
        });
        process.stdout.write(JSON.stringify(readings));
        """;

    private sealed record Fields(string CalendarName, string? ContactMessage, string Name, string Email, string? Message);

    private sealed record IcalJsReading(string? Error, int Events, int Starts, string? Summary, string? Description, string? CommonName);
}
