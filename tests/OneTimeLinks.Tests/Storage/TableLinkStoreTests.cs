using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Tests.Storage;

/// <summary>
/// The store's contract with the Azure SDK, checked at the SDK boundary: which actions each transaction carries, with
/// which ETags, and how the service's transaction failures map to domain results. A strict mock fails any call the
/// scenario does not expect, so an extra round trip is a test failure too.
/// </summary>
public sealed class TableLinkStoreTests
{
    private const string LinkId = "0000000000000abcdef";
    private const string Partition = "c|dr-smith";

    private static readonly DateTimeOffset Now = TestClock.Pinned;

    // Monday 09:00 Berlin.
    private static readonly DateTimeOffset SlotStart = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    // What Azure Tables sends as an ETag: a weak timestamp ETag, never "*".
    private static readonly ETag ReadETag = new("W/\"datetime'2026-12-07T06%3A59%3A58.1234567Z'\"");

    private readonly Mock<TableClient> _table = new(MockBehavior.Strict);
    private readonly TableLinkStore _store;
    private readonly EventPayloadProtector _protector;
    private List<TableTransactionAction>? _submitted;

    private List<TableTransactionAction> Submitted => _submitted ?? throw new InvalidOperationException("No transaction was submitted.");

    public TableLinkStoreTests()
    {
        _protector = new EventPayloadProtector(Options.Create(new LinkOptions { UrlProtectionKey = TestApp.UrlProtectionKey }));
        // The due index rows written beside each transaction (DueHints) are upserts on the same client; the calendar
        // counts as seen, as after the booking's read, so no calendar read comes first.
        _table.Setup(t => t.UpsertEntityAsync(It.IsAny<TableEntity>(), TableUpdateMode.Replace, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Mock.Of<Response>());
        var hints = new DueHints(_table.Object, new FakeTimeProvider(Now), Options.Create(new SweepOptions()));
        hints.SawCalendar(CalendarId);
        _store = new TableLinkStore(_table.Object, _protector, Options.Create(new RetentionOptions()), hints);
    }

    private static Link ActiveLink(int maxUses = 1, int uses = 0, DateTimeOffset? expiresAt = null, string? requestId = null) => new(
        CalendarId, LinkId, LinkStatus.Active, expiresAt, "sent by SMS", maxUses, uses, null, Now.AddHours(-1), null,
        CapabilityToken.Create(CalendarId, LinkId).ComputeHash(), requestId);

    private static OneTimeLinks.Core.Bookings.Booking NewBooking(string bookingId = "b0000000000000000000000000000001") => new(
        bookingId, CalendarId, LinkId, SlotStart, SlotStart.AddMinutes(30), "Jane Doe", "jane@example.com", null, null, Now);

    private static (LinkSnapshot Read, Link Updated, OneTimeLinks.Core.Bookings.Booking Booking, LinkEvent Used) SingleUseBooking(
        DateTimeOffset? expiresAt = null)
    {
        var read = new LinkSnapshot(ActiveLink(expiresAt: expiresAt), ReadETag.ToString());
        var updated = read.Link with { Uses = 1, StoredStatus = LinkStatus.Used, EndedAt = Now };
        var booking = NewBooking();
        return (read, updated, booking, LinkEventFactory.Used(updated, booking, "https://book.example.test/api/m/manage-token", Now));
    }

    // The date of the booking, read with a version and one claim of another booking on it.
    private static readonly AgendaDaySnapshot ReadDay = new(
        new AgendaDay(new DateOnly(2026, 12, 7), [new AgendaEntry(AgendaEntryKind.Booking, "earlier", SlotStart.AddHours(-2), SlotStart.AddHours(-1))]),
        "W/\"datetime'2026-12-07T06%3A00%3A00.0000000Z'\"");

    /// <summary>What the service passes for a booking of <see cref="SlotStart"/>: its date, with the new claim added.</summary>
    private static IReadOnlyList<AgendaDaySnapshot> Claim(OneTimeLinks.Core.Bookings.Booking booking) =>
        [ReadDay with { Day = ReadDay.Day with { Entries = [.. ReadDay.Day.Entries, new AgendaEntry(AgendaEntryKind.Booking, booking.BookingId, booking.Start, booking.End)] } }];

    private void SubmitSucceeds() =>
        _table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<TableTransactionAction>, CancellationToken>((actions, _) => _submitted = actions.ToList())
            .ReturnsAsync(Response.FromValue<IReadOnlyList<Response>>([], Mock.Of<Response>()));

    private void SubmitFails(int status, string errorCode, int failedIndex) =>
        _table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<TableTransactionAction>, CancellationToken>((actions, _) => _submitted = actions.ToList())
            .ThrowsAsync(TransactionFailure(status, errorCode, failedIndex));

    /// <summary>
    /// Builds the exception the SDK throws for a failed entity group transaction. The SDK parses the failed action's
    /// index from the service message ("2:The specified entity already exists.") into the exception's Data under
    /// "FailedEntity", and the public constructor reads it from there.
    /// </summary>
    internal static TableTransactionFailedException TransactionFailure(int status, string errorCode, int failedIndex)
    {
        var inner = new RequestFailedException(status, $"{failedIndex}:The operation failed.", errorCode, null);
        inner.Data["FailedEntity"] = failedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var exception = new TableTransactionFailedException(inner);
        Assert.Equal(failedIndex, exception.FailedTransactionActionIndex);
        Assert.Equal(status, exception.Status);
        return exception;
    }

    private void CurrentLinkIs(string? lastBookingId) =>
        _table.Setup(t => t.GetEntityIfExistsAsync<LinkEntity>(Partition, "link|" + LinkId, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(
                new LinkEntity { PartitionKey = Partition, RowKey = "link|" + LinkId, LinkId = LinkId, LastBookingId = lastBookingId },
                Mock.Of<Response>()));

    private static T Entity<T>(TableTransactionAction action)
        where T : class, ITableEntity => Assert.IsType<T>(action.Entity);

    // ---- TryBookAsync -------------------------------------------------------------------------------------------

    [Fact]
    public async Task TryBookAsync_SingleUseLink_FirstActionMergesTheLinkIfMatchTheExactETagRead()
    {
        SubmitSucceeds();
        var (read, updated, booking, used) = SingleUseBooking();

        var result = await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        Assert.Equal(BookResult.Booked, result);
        var action = Submitted[0];
        Assert.Equal(TableTransactionActionType.UpdateMerge, action.ActionType);
        Assert.Equal(ReadETag, action.ETag);
        Assert.NotEqual(default, action.ETag);
        Assert.NotEqual(ETag.All, action.ETag);
        var link = Entity<LinkEntity>(action);
        Assert.Equal((Partition, "link|" + LinkId), (link.PartitionKey, link.RowKey));
        Assert.Equal("used", link.Status);
        Assert.Equal(1, link.Uses);
        Assert.Equal(booking.BookingId, link.LastBookingId);
    }

    [Fact]
    public async Task TryBookAsync_DateReadWithAVersion_ReplacesItsAgendaRowIfMatchThatVersionWithEveryClaim()
    {
        SubmitSucceeds();
        var (read, updated, booking, used) = SingleUseBooking();

        await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        var action = Submitted[4];
        Assert.Equal(TableTransactionActionType.UpdateReplace, action.ActionType);
        Assert.Equal(new ETag(ReadDay.Version!), action.ETag);
        var row = Entity<AgendaEntity>(action);
        Assert.Equal((Partition, "agenda|20261207"), (row.PartitionKey, row.RowKey));
        Assert.Equal(
            $"b earlier {SlotStart.AddHours(-2).ToUnixTimeSeconds()} {SlotStart.AddHours(-1).ToUnixTimeSeconds()}\n" +
            $"b {booking.BookingId} {SlotStart.ToUnixTimeSeconds()} {SlotStart.AddMinutes(30).ToUnixTimeSeconds()}\n",
            row.Entries);
    }

    [Fact]
    public async Task TryBookAsync_DateWithoutARow_InsertsItWithThePurgeRowThatRemovesItThreeDaysAfterTheDate()
    {
        SubmitSucceeds();
        var (read, updated, booking, used) = SingleUseBooking();
        var fresh = new AgendaDaySnapshot(new AgendaDay(new DateOnly(2026, 12, 8), []), Version: null);

        await _store.TryBookAsync(read, updated, booking, used, [.. Claim(booking), fresh], null, null);

        Assert.Equal((TableTransactionActionType.Add, "agenda|20261208"), (Submitted[5].ActionType, Submitted[5].Entity.RowKey));
        Assert.Equal(default, Submitted[5].ETag);
        var purge = Entity<IndexEntity>(Submitted[6]);
        Assert.Equal($"purge|{new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero).UtcTicks:D19}|agenda|20261208", purge.RowKey);
        Assert.Equal("agenda|20261208", purge.Targets);
    }

    [Fact]
    public async Task TryBookAsync_SingleUseLinkWithoutKey_IsOneTransactionOfLinkBookingOutboxAgendaAndPurge()
    {
        SubmitSucceeds();
        var (read, updated, booking, used) = SingleUseBooking();

        await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        _table.Verify(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(
            [
                (TableTransactionActionType.UpdateMerge, "link|" + LinkId),
                (TableTransactionActionType.Add, $"booking|{booking.BookingId}"),
                (TableTransactionActionType.Add, $"bookingat|{SlotStart.UtcTicks:D19}|{booking.BookingId}"),
                (TableTransactionActionType.Add, "outbox|" + used.Id),
                (TableTransactionActionType.UpdateReplace, "agenda|20261207"),
                (TableTransactionActionType.Add, $"purge|{(Now + TimeSpan.FromDays(90)).UtcTicks:D19}|link|{LinkId}"),
            ],
            Submitted.Select(a => (a.ActionType, a.Entity.RowKey)));
        Assert.All(Submitted, a => Assert.Equal(Partition, a.Entity.PartitionKey));
    }

    [Fact]
    public async Task TryBookAsync_WithIdempotencyKey_AddsTheKeyRecordAfterTheAgendaAndItsPurgeRow()
    {
        SubmitSucceeds();
        var (read, updated, booking, used) = SingleUseBooking();

        await _store.TryBookAsync(read, updated, booking, used, Claim(booking), "key-12345678", "fingerprint-1");

        var record = Entity<IdempotencyEntity>(Submitted[5]);
        Assert.Equal(TableTransactionActionType.Add, Submitted[5].ActionType);
        Assert.StartsWith($"idem|{LinkId}|", record.RowKey, StringComparison.Ordinal);
        Assert.DoesNotContain("key-12345678", record.RowKey, StringComparison.Ordinal);
        Assert.Equal("fingerprint-1", record.Fingerprint);
        Assert.Equal($"booking|{booking.BookingId}", record.BookingRowKey);
        var purge = Entity<IndexEntity>(Submitted[6]);
        Assert.Equal($"purge|{(Now + TimeSpan.FromHours(24)).UtcTicks:D19}|{record.RowKey}", purge.RowKey);
    }

    [Fact]
    public async Task TryBookAsync_ExpiringLinkUsedUp_DeletesItsExpiryIndexRow()
    {
        SubmitSucceeds();
        var expiresAt = Now.AddDays(2);
        var (read, updated, booking, used) = SingleUseBooking(expiresAt);

        await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        var delete = Assert.Single(Submitted, a => a.ActionType == TableTransactionActionType.Delete);
        Assert.Equal($"expiry|{expiresAt.UtcTicks:D19}|{LinkId}", delete.Entity.RowKey);
        Assert.Equal(ETag.All, delete.ETag);
    }

    [Fact]
    public async Task TryBookAsync_MultiUseLinkNotUsedUp_HasNoEndingActions()
    {
        SubmitSucceeds();
        var read = new LinkSnapshot(ActiveLink(maxUses: 3, uses: 1, expiresAt: Now.AddDays(2)), ReadETag.ToString());
        var updated = read.Link with { Uses = 2 };
        var booking = NewBooking();

        await _store.TryBookAsync(read, updated, booking, LinkEventFactory.Used(updated, booking, "https://book.example.test/api/m/manage-token", Now), Claim(booking), null, null);

        Assert.Equal(5, Submitted.Count);
        Assert.Equal(ReadETag, Submitted[0].ETag);
        Assert.Equal("active", Entity<LinkEntity>(Submitted[0]).Status);
        Assert.Equal($"booking|{booking.BookingId}", Submitted[1].Entity.RowKey);
        Assert.DoesNotContain(Submitted, a => a.Entity.RowKey.StartsWith("purge|", StringComparison.Ordinal));
        Assert.DoesNotContain(Submitted, a => a.ActionType == TableTransactionActionType.Delete);
    }

    [Fact]
    public async Task TryBookAsync_PreconditionFailedOnTheLinkWrittenByAnother_ReturnsLinkChanged()
    {
        SubmitFails(412, "UpdateConditionNotSatisfied", failedIndex: 0);
        CurrentLinkIs(lastBookingId: "someone-else");
        var (read, updated, booking, used) = SingleUseBooking();

        var result = await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        Assert.Equal(BookResult.LinkChanged, result);
    }

    [Fact]
    public async Task TryBookAsync_PreconditionFailedButTheLinkNamesOurBooking_ReturnsBooked()
    {
        // A retried transaction whose first attempt committed fails on the ETag that attempt changed.
        SubmitFails(412, "UpdateConditionNotSatisfied", failedIndex: 0);
        var (read, updated, booking, used) = SingleUseBooking();
        CurrentLinkIs(lastBookingId: booking.BookingId);

        var result = await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        Assert.Equal(BookResult.Booked, result);
    }

    [Fact]
    public async Task TryBookAsync_PreconditionFailedAndTheLinkIsGone_ReturnsLinkChanged()
    {
        SubmitFails(412, "UpdateConditionNotSatisfied", failedIndex: 0);
        var missing = new Mock<NullableResponse<LinkEntity>>();
        missing.SetupGet(r => r.HasValue).Returns(false);
        _table.Setup(t => t.GetEntityIfExistsAsync<LinkEntity>(Partition, "link|" + LinkId, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(missing.Object);
        var (read, updated, booking, used) = SingleUseBooking();

        var result = await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        Assert.Equal(BookResult.LinkChanged, result);
    }

    [Theory]
    [InlineData(412, "UpdateConditionNotSatisfied")] // another writer changed the date since it was read
    [InlineData(409, "EntityAlreadyExists")] // another writer created the date's row first
    [InlineData(404, "ResourceNotFound")] // the sweep purged a past date
    public async Task TryBookAsync_FailureOnAClaimedDate_ReturnsAgendaChanged(int status, string errorCode)
    {
        SubmitFails(status, errorCode, failedIndex: 4);
        var (read, updated, booking, used) = SingleUseBooking();

        var result = await _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null);

        Assert.Equal(BookResult.AgendaChanged, result);
    }

    [Fact]
    public async Task TryBookAsync_ConflictOnTheIdempotencyRecord_ReturnsIdempotencyKeyTaken()
    {
        SubmitFails(409, "EntityAlreadyExists", failedIndex: 5);
        var (read, updated, booking, used) = SingleUseBooking();

        var result = await _store.TryBookAsync(read, updated, booking, used, Claim(booking), "key-12345678", "fingerprint-1");

        Assert.Equal(BookResult.IdempotencyKeyTaken, result);
    }

    [Theory]
    [InlineData(409, "EntityAlreadyExists", 1)] // the booking row: must never exist already
    [InlineData(409, "EntityAlreadyExists", 2)] // its by-start row
    [InlineData(409, "EntityAlreadyExists", 3)] // the outbox row
    [InlineData(412, "UpdateConditionNotSatisfied", 1)]
    [InlineData(404, "ResourceNotFound", 0)]
    [InlineData(500, "InternalError", 0)]
    public async Task TryBookAsync_UnexpectedTransactionFailure_Propagates(int status, string errorCode, int failedIndex)
    {
        SubmitFails(status, errorCode, failedIndex);
        var (read, updated, booking, used) = SingleUseBooking();

        var thrown = await Assert.ThrowsAsync<TableTransactionFailedException>(
            () => _store.TryBookAsync(read, updated, booking, used, Claim(booking), null, null));

        Assert.Equal(status, thrown.Status);
    }

    // ---- TryEndLinkAsync ----------------------------------------------------------------------------------------

    [Fact]
    public async Task TryEndLinkAsync_Revoke_MergesTheLinkIfMatchTheExactETagRead()
    {
        SubmitSucceeds();
        var read = new LinkSnapshot(ActiveLink(), ReadETag.ToString());
        var revoked = read.Link with { StoredStatus = LinkStatus.Revoked, EndedAt = Now };

        var ended = await _store.TryEndLinkAsync(read, revoked, LinkEventFactory.Ended(LinkEventTypes.Revoked, revoked, Now));

        Assert.True(ended);
        Assert.Equal(TableTransactionActionType.UpdateMerge, Submitted[0].ActionType);
        Assert.Equal(ReadETag, Submitted[0].ETag);
        Assert.Equal("revoked", Entity<LinkEntity>(Submitted[0]).Status);
        Assert.Equal(TableTransactionActionType.Add, Submitted[1].ActionType);
        Assert.StartsWith("outbox|", Submitted[1].Entity.RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryEndLinkAsync_PreconditionFailedOnTheLink_ReturnsFalse()
    {
        SubmitFails(412, "UpdateConditionNotSatisfied", failedIndex: 0);
        var read = new LinkSnapshot(ActiveLink(), ReadETag.ToString());
        var revoked = read.Link with { StoredStatus = LinkStatus.Revoked, EndedAt = Now };

        var ended = await _store.TryEndLinkAsync(read, revoked, LinkEventFactory.Ended(LinkEventTypes.Revoked, revoked, Now));

        Assert.False(ended);
    }

    // ---- CreateLinkAsync ----------------------------------------------------------------------------------------

    [Fact]
    public async Task CreateLinkAsync_Always_FirstActionMergesTheCalendarRowIfMatchAnything()
    {
        SubmitSucceeds();
        var link = ActiveLink();

        var result = await _store.CreateLinkAsync(link, LinkEventFactory.Generated(link, "https://book.example.test/api/l/x", Now));

        Assert.Equal(CreateLinkResult.Created, result);
        var action = Submitted[0];
        Assert.Equal(TableTransactionActionType.UpdateMerge, action.ActionType);
        Assert.Equal(ETag.All, action.ETag);
        Assert.Equal((Partition, "calendar"), (action.Entity.PartitionKey, action.Entity.RowKey));

        // An empty merge: it must not overwrite any calendar property.
        var calendarRow = Assert.IsType<TableEntity>(action.Entity);
        Assert.Equal(["PartitionKey", "RowKey"], calendarRow.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateLinkAsync_ExpiringLinkWithRequestId_InsertsLinkOutboxRequestAndExpiryRowsInOneTransaction()
    {
        SubmitSucceeds();
        var expiresAt = Now.AddDays(3);
        var link = ActiveLink(expiresAt: expiresAt, requestId: "crm-request-1");
        var generated = LinkEventFactory.Generated(link, "https://book.example.test/api/l/x", Now);

        await _store.CreateLinkAsync(link, generated);

        _table.Verify(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(
            [
                TableTransactionActionType.UpdateMerge,
                TableTransactionActionType.Add,
                TableTransactionActionType.Add,
                TableTransactionActionType.Add,
                TableTransactionActionType.Add,
            ],
            Submitted.Select(a => a.ActionType));
        Assert.Equal("link|" + LinkId, Submitted[1].Entity.RowKey);
        Assert.Equal("outbox|" + generated.Id, Submitted[2].Entity.RowKey);
        Assert.StartsWith("request|", Submitted[3].Entity.RowKey, StringComparison.Ordinal);
        Assert.DoesNotContain("crm-request-1", Submitted[3].Entity.RowKey, StringComparison.Ordinal);
        Assert.Equal($"expiry|{expiresAt.UtcTicks:D19}|{LinkId}", Submitted[4].Entity.RowKey);
    }

    [Fact]
    public async Task CreateLinkAsync_GeneratedEventCarriesTheUrl_NoRowHoldsTheTokenInClear()
    {
        SubmitSucceeds();
        var token = CapabilityToken.Create(CalendarId, LinkId);
        var link = ActiveLink() with { TokenHash = token.ComputeHash() };
        var url = $"https://book.example.test/api/l/{token.Value}";
        var generated = LinkEventFactory.Generated(link, url, Now);
        Assert.Contains(token.Secret, generated.DataJson, StringComparison.Ordinal);

        await _store.CreateLinkAsync(link, generated);

        var outbox = Entity<OutboxEntity>(Submitted[2]);
        Assert.Equal(generated.DataJson, _protector.Unprotect(outbox.ProtectedData));
        var stored = Entity<LinkEntity>(Submitted[1]);
        Assert.Equal(token.ComputeHash(), stored.TokenHash);
        foreach (var action in Submitted)
        {
            foreach (var property in action.Entity.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            {
                var value = property.GetValue(action.Entity)?.ToString() ?? "";
                Assert.DoesNotContain(token.Secret, value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task CreateLinkAsync_CalendarRowMissing_ReturnsCalendarNotFound()
    {
        SubmitFails(404, "ResourceNotFound", failedIndex: 0);
        var link = ActiveLink();

        var result = await _store.CreateLinkAsync(link, LinkEventFactory.Generated(link, "https://book.example.test/api/l/x", Now));

        Assert.Equal(CreateLinkResult.CalendarNotFound, result);
    }

    [Fact]
    public async Task CreateLinkAsync_RequestRowExists_ReturnsDuplicateRequest()
    {
        SubmitFails(409, "EntityAlreadyExists", failedIndex: 3);
        var link = ActiveLink(requestId: "crm-request-1");

        var result = await _store.CreateLinkAsync(link, LinkEventFactory.Generated(link, "https://book.example.test/api/l/x", Now));

        Assert.Equal(CreateLinkResult.DuplicateRequest, result);
    }

    [Fact]
    public async Task CreateLinkAsync_ConflictAtIndexThreeWithoutRequestId_Propagates()
    {
        // Without a request id, index 3 is the expiry row; a conflict there is not a duplicate request.
        SubmitFails(409, "EntityAlreadyExists", failedIndex: 3);
        var link = ActiveLink(expiresAt: Now.AddDays(1));

        await Assert.ThrowsAsync<TableTransactionFailedException>(
            () => _store.CreateLinkAsync(link, LinkEventFactory.Generated(link, "https://book.example.test/api/l/x", Now)));
    }

    // ---- ListLinksAsync -----------------------------------------------------------------------------------------

    /// <summary>Azure's continuation: both halves are the service's opaque encodings, not our keys.</summary>
    private const string AzureSdkToken = "1!16!YyxkcjEtc21pdGg- 1!40!bGlua3wwMDAwMDAwMDAwMDAwYWJjZGVm";

    private RecordingPageable SetupListPage(string? sdkContinuation)
    {
        var entity = EntityMapping.ToEntity(ActiveLink());
        var pageable = new RecordingPageable(Page<LinkEntity>.FromValues([entity], sdkContinuation, Mock.Of<Response>()));
        _table.Setup(t => t.QueryAsync<LinkEntity>(It.IsAny<string>(), It.IsAny<int?>(), null, It.IsAny<CancellationToken>()))
            .Returns(pageable);
        return pageable;
    }

    [Fact]
    public async Task ListLinksAsync_ServiceReturnsAContinuation_IssuesATokenThatResumesThatQuery()
    {
        var first = SetupListPage(AzureSdkToken);
        var page = await _store.ListLinksAsync(CalendarId, null, Now, 10, null);
        Assert.Null(first.RequestedContinuation);
        Assert.Equal(10, first.RequestedPageSize);
        Assert.NotNull(page.ContinuationToken);
        Assert.DoesNotContain(" ", page.ContinuationToken, StringComparison.Ordinal);

        var second = SetupListPage(null);
        var next = await _store.ListLinksAsync(CalendarId, null, Now, 10, page.ContinuationToken);

        Assert.Equal(AzureSdkToken, second.RequestedContinuation);
        Assert.Null(next.ContinuationToken);
    }

    [Fact]
    public async Task ListLinksAsync_ContinuationIssuedForAnotherCalendar_ThrowsWithoutQuerying()
    {
        SetupListPage(AzureSdkToken);
        var otherCalendars = await _store.ListLinksAsync("other-calendar", null, Now, 10, null);
        _table.Invocations.Clear();

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(
            () => _store.ListLinksAsync(CalendarId, null, Now, 10, otherCalendars.ContinuationToken));

        _table.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("not base64 !")]
    [InlineData("")]
    [InlineData("YWJj")] // "abc"
    [InlineData("MSExNiFZeXhrY2pFdGMyMXBkR2ctIDEhNDAhYkdsdWEzd3dNREF3TURBd01EQXdNREF3WVdKalpHVm0")] // the bare SDK token, no partition
    [InlineData("Y3xkci1zbWl0aAo")] // "c|dr-smith\n": no SDK token
    [InlineData("Y3xkci1zbWl0aApvbmUgdHdvIHRocmVl")] // "c|dr-smith\none two three": not an SDK token
    public async Task ListLinksAsync_MalformedContinuation_ThrowsWithoutQuerying(string continuation)
    {
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(
            () => _store.ListLinksAsync(CalendarId, null, Now, 10, continuation));

        _table.VerifyNoOtherCalls();
    }

    /// <summary>One page, recording what the store asked the SDK for.</summary>
    private sealed class RecordingPageable(Page<LinkEntity> page) : AsyncPageable<LinkEntity>
    {
        public string? RequestedContinuation { get; private set; }

        public int? RequestedPageSize { get; private set; }

        public override async IAsyncEnumerable<Page<LinkEntity>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
        {
            RequestedContinuation = continuationToken;
            RequestedPageSize = pageSizeHint;
            await Task.Yield();
            yield return page;
        }
    }
}
