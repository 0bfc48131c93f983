using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Moq;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Storage;

/// <summary>The outbox store's contract with the Azure SDK, against a strict mock: no request the scenario does not expect.</summary>
public sealed class TableOutboxStoreTests
{
    private readonly Mock<TableClient> _table = new(MockBehavior.Strict);
    private readonly TableOutboxStore _store;

    public TableOutboxStoreTests() =>
        _store = new TableOutboxStore(_table.Object, new EventPayloadProtector(Options.Create(new LinkOptions { UrlProtectionKey = TestApp.UrlProtectionKey })));

    [Fact]
    public async Task DeleteAsync_OneEvent_DeletesTheRowUnconditionallyWithoutATransaction()
    {
        _table.Setup(t => t.DeleteEntityAsync("c|dr-smith", "outbox|e1", ETag.All, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Mock.Of<Response>());

        await _store.DeleteAsync([new LinkEvent("e1", LinkEventTypes.Used, "dr-smith", "0000000000000abcdef", DateTimeOffset.UnixEpoch, "{}")]);

        _table.Verify(t => t.DeleteEntityAsync("c|dr-smith", "outbox|e1", ETag.All, It.IsAny<CancellationToken>()), Times.Once);
    }
}
