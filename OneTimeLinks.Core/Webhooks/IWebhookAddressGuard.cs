namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// Whether a receiver URL may be connected to: its scheme, and every address its host resolves to now. Asked when a
/// subscription is created or its URL changed, and may be asked before each attempt (DNS can change in between); the
/// webhook client's handler checks the addresses again on every connection whatever the answer was.
/// </summary>
internal interface IWebhookAddressGuard
{
    /// <summary>Null when allowed; else why not, in words fit for the CRM (names the host and address, never the path).</summary>
    Task<string?> FindRefusalAsync(Uri url, CancellationToken cancellationToken);
}
