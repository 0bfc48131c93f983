using System.Text.Json;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// The answer to a generate that already happened (a retried batch item, a repeated Idempotency-Key): the link as it is
/// now (it may have been booked or revoked since) with the URL its generated event kept, since the raw token is stored
/// nowhere else.
/// </summary>
internal static class GeneratedAgain
{
    public static async Task<(Link Link, string Url)> ReadAsync(ILinkStore store, LinkEvent generated, CancellationToken cancellationToken)
    {
        using var data = JsonDocument.Parse(generated.DataJson);
        var url = data.RootElement.GetProperty("url").GetString()
            ?? throw new InvalidDataException($"The generated event {generated.Id} holds no URL.");
        var snapshot = await store.GetLinkAsync(generated.CalendarId, generated.LinkId, cancellationToken)
            ?? throw new InvalidOperationException($"The record of how link {generated.LinkId} was generated outlived its link.");
        return (snapshot.Link, url);
    }
}
