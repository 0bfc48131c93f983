using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Moq;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Tests.InviteeBooking;

/// <summary>The booking decision against a mocked store: what is checked at book time, and how lost races are handled.</summary>
public sealed class BookingServiceTests
{
    private const string LinkId = "0000000000000abcdef";

    // Monday 2026-12-07 08:00 Berlin.
    private static readonly DateTimeOffset Now = TestClock.Pinned;
    private static readonly DateTimeOffset NineBerlin = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly Mock<ILinkStore> _store = new(MockBehavior.Strict);

    // Booking reads nothing but the link's context (the agenda comes with it): any other read fails the test.
    private readonly Mock<ICalendarStore> _calendars = new(MockBehavior.Strict);
    private readonly Mock<IBookingStore> _bookings = new(MockBehavior.Strict);
    private readonly Mock<IEventDispatcher> _dispatcher = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly CapabilityToken _token = CapabilityToken.Create(CalendarId, LinkId);
    private readonly BookingService _service;

    public BookingServiceTests()
    {
        _service = new BookingService(
            _store.Object,
            _calendars.Object,
            _bookings.Object,
            _dispatcher.Object,
            Options.Create(new LinkOptions { PublicBaseUrl = "https://book.example.test" }),
            _time,
            new LinkMetrics(new UnsharedMeterFactory()),
            NullLogger<BookingService>.Instance);
    }

    /// <summary>Meters of this test alone: what it decides is counted, but nothing here reads the counts.</summary>
    private sealed class UnsharedMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private static readonly BookableCalendar Calendar = new(
        CalendarId,
        "Dr. Smith",
        "Europe/Berlin",
        30,
        new WeeklyAvailability(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>
        {
            [DayOfWeek.Monday] = [new TimeWindow(new TimeOnly(9, 0), new TimeOnly(17, 0))],
        }),
        MinimumNoticeMinutes: 0,
        HorizonDays: 30,
        ContactMessage: "Call us.",
        UpdatedAt: Now.AddDays(-1));

    private Link ActiveLink(int maxUses = 1, int uses = 0, DateTimeOffset? expiresAt = null) => new(
        CalendarId, LinkId, LinkStatus.Active, expiresAt, null, maxUses, uses, null, Now.AddHours(-1), null, _token.ComputeHash(), null);

    private static BookingRequest Request(DateTimeOffset start) => new(start.ToString("O"), "Jane Doe", "jane@example.com", null, null);

    private void ContextReturns(params Link[] links) => ContextReturns(links.Select(link => (link, Array.Empty<AgendaEntry>())).ToArray());

    /// <summary>Each read returns the link and an agenda with these claims around 09:00 Berlin.</summary>
    private void ContextReturns(params (Link Link, AgendaEntry[] Claims)[] reads)
    {
        var sequence = _store.SetupSequence(s => s.GetBookingContextAsync(CalendarId, LinkId, null, It.IsAny<DateRange?>(), It.IsAny<CancellationToken>()));
        var dates = AvailabilityRules.DatesAround(NineBerlin);
        for (var i = 0; i < reads.Length; i++)
        {
            var agenda = new Agenda([dates], reads[i].Claims.Length == 0 ? [] : [new AgendaDaySnapshot(new AgendaDay(new DateOnly(2026, 12, 7), reads[i].Claims), $"\"a{i}\"")]);
            sequence = sequence.ReturnsAsync(new BookingContext(Calendar, new LinkSnapshot(reads[i].Link, $"\"v{i}\""), null, agenda));
        }
    }

    private void CurrentLinkIs(Link link, string etag) =>
        _store.Setup(s => s.GetLinkAsync(CalendarId, LinkId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LinkSnapshot(link, etag));

    private void TryBookReturns(params BookResult[] results)
    {
        var sequence = _store.SetupSequence(s => s.TryBookAsync(
            It.IsAny<LinkSnapshot>(), It.IsAny<Link>(), It.IsAny<Booking>(), It.IsAny<LinkEvent>(),
            It.IsAny<IReadOnlyList<AgendaDaySnapshot>>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()));
        foreach (var result in results)
        {
            sequence = sequence.ReturnsAsync(result);
        }
    }

    private void VerifyTryBook(Times times) =>
        _store.Verify(s => s.TryBookAsync(
            It.IsAny<LinkSnapshot>(), It.IsAny<Link>(), It.IsAny<Booking>(), It.IsAny<LinkEvent>(),
            It.IsAny<IReadOnlyList<AgendaDaySnapshot>>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), times);

    [Fact]
    public async Task BookAsync_ActiveLinkAndOfferedSlot_CommitsUsedLinkAgainstTheETagReadAndDispatchesTheEvent()
    {
        ContextReturns(ActiveLink());
        LinkSnapshot? read = null;
        Link? updated = null;
        IReadOnlyList<AgendaDaySnapshot>? claimed = null;
        _store.Setup(s => s.TryBookAsync(
                It.IsAny<LinkSnapshot>(), It.IsAny<Link>(), It.IsAny<Booking>(), It.IsAny<LinkEvent>(),
                It.IsAny<IReadOnlyList<AgendaDaySnapshot>>(), null, null, It.IsAny<CancellationToken>()))
            .Callback<LinkSnapshot, Link, Booking, LinkEvent, IReadOnlyList<AgendaDaySnapshot>, string?, string?, CancellationToken>(
                (r, u, _, _, a, _, _, _) => (read, updated, claimed) = (r, u, a))
            .ReturnsAsync(BookResult.Booked);
        IReadOnlyList<LinkEvent>? dispatched = null;
        _dispatcher.Setup(d => d.DispatchAsync(It.IsAny<IReadOnlyList<LinkEvent>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<LinkEvent>, CancellationToken>((events, _) => dispatched = events)
            .Returns(Task.CompletedTask);

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        var booked = Assert.IsType<BookLinkOutcome.Booked>(outcome);
        Assert.False(booked.Replayed);
        Assert.Equal(NineBerlin, booked.Booking.Start);
        Assert.Equal(NineBerlin.AddMinutes(30), booked.Booking.End);
        Assert.Equal("\"v0\"", read!.Version);
        Assert.Equal(LinkStatus.Used, updated!.StoredStatus);
        Assert.Equal(1, updated.Uses);
        Assert.Equal(Now, updated.EndedAt);
        Assert.Equal(LinkEventTypes.Used, Assert.Single(dispatched!).Type);
        var claim = Assert.Single(claimed!);
        Assert.Equal(new DateOnly(2026, 12, 7), claim.Day.Date);
        Assert.Null(claim.Version);
        Assert.Equal(new AgendaEntry(AgendaEntryKind.Booking, booked.Booking.BookingId, NineBerlin, NineBerlin.AddMinutes(30)), Assert.Single(claim.Day.Entries));
    }

    [Fact]
    public async Task BookAsync_LostTheRaceAndTheLinkIsNowUsed_AnswersDeadUsedAfterOneCommitAttempt()
    {
        ContextReturns(ActiveLink(), ActiveLink() with { StoredStatus = LinkStatus.Used, Uses = 1, EndedAt = Now });
        TryBookReturns(BookResult.LinkChanged);

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        var dead = Assert.IsType<BookLinkOutcome.Dead>(outcome);
        Assert.Equal(LinkStatus.Used, dead.Status);
        VerifyTryBook(Times.Once());
    }

    [Fact]
    public async Task BookAsync_LostTheRaceOnAMultiUseLink_RetriesWithTheFreshETag()
    {
        ContextReturns(ActiveLink(maxUses: 3, uses: 0), ActiveLink(maxUses: 3, uses: 1));
        _store.SetupSequence(s => s.TryBookAsync(
                It.IsAny<LinkSnapshot>(), It.IsAny<Link>(), It.IsAny<Booking>(), It.IsAny<LinkEvent>(),
                It.IsAny<IReadOnlyList<AgendaDaySnapshot>>(), null, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(BookResult.LinkChanged)
            .ReturnsAsync(BookResult.Booked);
        _dispatcher.Setup(d => d.DispatchAsync(It.IsAny<IReadOnlyList<LinkEvent>>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        var booked = Assert.IsType<BookLinkOutcome.Booked>(outcome);
        Assert.Equal(2, booked.Link.Uses);
        var etagsCommittedAgainst = _store.Invocations
            .Where(i => i.Method.Name == nameof(ILinkStore.TryBookAsync))
            .Select(i => ((LinkSnapshot)i.Arguments[0]!).Version);
        Assert.Equal(["\"v0\"", "\"v1\""], etagsCommittedAgainst);
    }

    [Fact]
    public async Task BookAsync_AnotherLinkClaimedTheTimeFirst_RereadsAndAnswersSlotUnavailableWithoutDispatching()
    {
        var other = new AgendaEntry(AgendaEntryKind.Booking, "other-booking", NineBerlin.AddMinutes(-15), NineBerlin.AddMinutes(15));
        ContextReturns((ActiveLink(), []), (ActiveLink(), [other]));
        CurrentLinkIs(ActiveLink(), "\"v1\"");
        TryBookReturns(BookResult.AgendaChanged);

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        Assert.IsType<BookLinkOutcome.SlotUnavailable>(outcome);
        VerifyTryBook(Times.Once());
        _dispatcher.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task BookAsync_BusyIntervalOverlapsTheSlot_AnswersSlotUnavailableWithoutWriting()
    {
        var busy = new AgendaEntry(AgendaEntryKind.Busy, "crm-appointment", NineBerlin.AddMinutes(29), NineBerlin.AddHours(1));
        ContextReturns((ActiveLink(), [busy]));
        CurrentLinkIs(ActiveLink(), "\"v0\"");

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        Assert.IsType<BookLinkOutcome.SlotUnavailable>(outcome);
        VerifyTryBook(Times.Never());
    }

    [Fact]
    public async Task BookAsync_AgendaReadSawThisLinksOwnBookingThatTheLinkReadMissed_RereadsAndAnswersDeadUsed()
    {
        // Parallel reads are no snapshot: a concurrent booking through this link committed between the link read and
        // the agenda read. The time is taken, but the truth for this invitee is that the link is used.
        var own = new AgendaEntry(AgendaEntryKind.Booking, "winner", NineBerlin, NineBerlin.AddMinutes(30));
        var used = ActiveLink() with { StoredStatus = LinkStatus.Used, Uses = 1, EndedAt = Now };
        ContextReturns((ActiveLink(), [own]), (used, [own]));
        CurrentLinkIs(used, "\"v1\"");

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        Assert.Equal(LinkStatus.Used, Assert.IsType<BookLinkOutcome.Dead>(outcome).Status);
        VerifyTryBook(Times.Never());
    }

    [Fact]
    public async Task BookAsync_StoredActiveButExpiryReached_AnswersDeadExpiredWithoutWriting()
    {
        ContextReturns(ActiveLink(expiresAt: Now));

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        Assert.Equal(LinkStatus.Expired, Assert.IsType<BookLinkOutcome.Dead>(outcome).Status);
        VerifyTryBook(Times.Never());
    }

    [Fact]
    public async Task BookAsync_OneTickBeforeExpiry_Commits()
    {
        ContextReturns(ActiveLink(expiresAt: Now.AddTicks(1)));
        TryBookReturns(BookResult.Booked);
        _dispatcher.Setup(d => d.DispatchAsync(It.IsAny<IReadOnlyList<LinkEvent>>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        Assert.IsType<BookLinkOutcome.Booked>(outcome);
    }

    [Theory]
    [InlineData("2026-12-07T09:10:00+01:00")] // inside a slot, not at its start
    [InlineData("2026-12-07T17:00:00+01:00")] // the window's end
    [InlineData("2026-12-08T09:00:00+01:00")] // Tuesday: no availability
    [InlineData("2026-12-07T07:30:00+01:00")] // before now
    [InlineData("2027-01-11T09:00:00+01:00")] // beyond the 30-day horizon
    public async Task BookAsync_SlotNotOffered_AnswersSlotUnavailableWithoutWriting(string start)
    {
        ContextReturns(ActiveLink());

        var outcome = await _service.BookAsync(_token.Value, new BookingRequest(start, "Jane Doe", "jane@example.com", null, null));

        Assert.IsType<BookLinkOutcome.SlotUnavailable>(outcome);
        VerifyTryBook(Times.Never());
    }

    [Fact]
    public async Task BookAsync_TokenWithAnotherSecret_AnswersNotFoundWithoutWriting()
    {
        ContextReturns(ActiveLink());
        var forged = CapabilityToken.Create(CalendarId, LinkId);

        var outcome = await _service.BookAsync(forged.Value, Request(NineBerlin));

        Assert.IsType<BookLinkOutcome.NotFound>(outcome);
        VerifyTryBook(Times.Never());
    }

    [Fact]
    public async Task BookAsync_MalformedToken_AnswersNotFoundWithoutAnyStorageCall()
    {
        var outcome = await _service.BookAsync("not-a-token", Request(NineBerlin));

        Assert.IsType<BookLinkOutcome.NotFound>(outcome);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task BookAsync_LinkChangesOnEveryAttempt_GivesUpAsBusyAfterSixteenAttempts()
    {
        var links = Enumerable.Range(0, 17).Select(i => ActiveLink(maxUses: 100, uses: i)).ToArray();
        ContextReturns(links);
        TryBookReturns(Enumerable.Repeat(BookResult.LinkChanged, 16).ToArray());

        var outcome = await _service.BookAsync(_token.Value, Request(NineBerlin));

        Assert.IsType<BookLinkOutcome.Busy>(outcome);
        VerifyTryBook(Times.Exactly(16));
    }
}
