using System.Text;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Telemetry;
using OneTimeLinks.Functions.BookingFeeds;

namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>
/// The feed file with text at the edges in every field that reaches it (link title, invitee name, email, message,
/// link note): ical.js and Ical.Net must read every value back exactly, in lines of at most 75 octets; past the size
/// limit the bookings nearest to now are kept.
/// </summary>
public sealed class BookingFeedFileTests
{
    private static readonly string[] Pieces =
    [
        "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇩🇪", "𝄞", "𠜎", "e\u0301", "שלום", "مرحبا", "漢字", "€",
        "\r", "\n", "\r\n", "\"", "'", "\\", "\\n", ";", ",", ":", "^", "\t", " ", "Praxis", "Dr.", "x",
        "DTSTART:19700101T000000Z", "END:VEVENT", "BEGIN:VEVENT",
    ];

    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static readonly BookableCalendar Calendar = new(
        "praxis", "Praxis; Dr. Smith, \"Nord\"", "Europe/Berlin", 30, new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>()),
        0, 30, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Create_TextAtTheEdgesInEveryField_RoundTripsThroughIcalJsAndIcalNet()
    {
        // Arrange: 60 bookings of random hostile text, one with a 2,000-character note, one with commas and semicolons only.
        var random = new Random(25);
        var bookings = Enumerable.Range(0, 60).Select(i => Booking(i,
            RandomText(random) ?? "x", RandomText(random) ?? "x", RandomText(random), RandomText(random), RandomText(random))).ToList();
        bookings.Add(Booking(60, "Ann, Lee; Jr.", "a;b,c@example.com", "a,b;c\\d", string.Concat(Enumerable.Repeat("Notiz 😀 über ✓; ", 125)), "T,i;t:l\"e"));

        // Act
        var ics = Encoding.UTF8.GetString(BookingFeedFile.Create(Calendar, bookings, minimal: false, maxBytes: 2 * 1024 * 1024).Utf8);

        // Assert
        Assert.DoesNotContain('\uFFFD', ics);
        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        foreach (var line in ics.Split("\r\n")[..^1])
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets in '{line}'.");
        }

        var js = IcalJsFeedReader.Read(ics);
        Assert.True(js.Error is null, js.Error);
        var net = Ical.Net.Calendar.Load(ics)!.Events.ToDictionary(e => e.Uid!);
        Assert.Equal(bookings.Count, js.Events.Count);
        Assert.Equal(bookings.Count, net.Count);
        foreach (var booking in bookings)
        {
            var summary = OneLineBreak($"{booking.LinkTitle}: {booking.Name}");
            var description = OneLineBreak(ExpectedDescription(booking));
            var read = Assert.Single(js.Events, e => e.Uid == booking.BookingId);
            Assert.Equal(1, read.Starts);
            Assert.Equal(summary, read.Summary);
            Assert.Equal(description, read.Description);
            Assert.Equal(BookingFeedApi.Utc(booking.Start), read.Start);
            Assert.Equal(summary, net[booking.BookingId].Summary);
            Assert.Equal(description, net[booking.BookingId].Description);
        }
    }

    [Fact]
    public void Create_PastTheSizeLimit_KeepsTheFirstBookingsGivenAndStaysUnderTheLimit()
    {
        // Arrange: 400 bookings with 1,000-character messages, given nearest first, under a 100,000-octet limit.
        var bookings = Enumerable.Range(0, 400).Select(i => Booking(i, "Jane", "jane@example.com", new string('m', 1000), null, "Call")).ToList();

        // Act
        var content = BookingFeedFile.Create(Calendar, bookings, minimal: false, maxBytes: 100_000);

        // Assert
        Assert.InRange(content.Utf8.Length, 1, 100_000);
        Assert.InRange(content.Omitted, 1, 399);
        var uids = IcalJsFeedReader.Read(Encoding.UTF8.GetString(content.Utf8)).Events.Select(e => e.Uid).ToList();
        Assert.Equal(bookings.Take(400 - content.Omitted).Select(b => b.BookingId).Order(StringComparer.Ordinal), uids.Order(StringComparer.Ordinal));
        // Not cut more than needed: one more booking would not fit.
        var onemore = BookingFeedFile.Create(Calendar, bookings.Take(400 - content.Omitted + 1).ToList(), minimal: false, maxBytes: int.MaxValue);
        Assert.True(onemore.Utf8.Length > 100_000 * 0.95, $"{onemore.Utf8.Length} octets with one more booking.");
    }

    [Theory]
    [InlineData("GET https://book.example.com/api/feeds/dr-smith.SECRETSECRET.ics?fields=minimal", "GET https://book.example.com/api/feeds/{token}?fields=minimal")]
    [InlineData("/api/feeds/dr-smith.SECRETSECRET.ics", "/api/feeds/{token}")]
    public void Redact_FeedUrl_RemovesTheToken(string text, string expected) =>
        Assert.Equal(expected, TokenRedactor.Redact(text));

    private static Booking Booking(int index, string name, string email, string? message, string? note, string? title) =>
        new($"{index:D32}", "praxis", "link", Start.AddHours(index), Start.AddHours(index).AddMinutes(30), name, email, null, message, Start.AddDays(-1))
        {
            LinkTitle = title ?? "Call",
            LinkNote = note,
        };

    private static string ExpectedDescription(Booking booking)
    {
        var lines = new List<string> { $"Invitee: {booking.Name} <{booking.Email}>" };
        if (booking.Message is not null)
        {
            lines.Add($"Message: {booking.Message}");
        }

        if (booking.LinkNote is not null)
        {
            lines.Add($"Note: {booking.LinkNote}");
        }

        lines.Add($"Booking: {booking.BookingId}");
        return string.Join("\n", lines);
    }

    /// <summary>Text as validation lets it through (InputRules.OptionalText): trimmed, null when nothing is left.</summary>
    private static string? RandomText(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Pieces[random.Next(Pieces.Length)])).Trim() is { Length: > 0 } text ? text : null;

    private static string OneLineBreak(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
