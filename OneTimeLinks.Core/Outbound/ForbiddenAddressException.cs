using System.Net;

namespace OneTimeLinks.Core.Outbound;

/// <summary>
/// An outbound connection refused before any packet was sent: the host resolved to an address the policy forbids
/// (<see cref="OutboundAddressPolicy"/>). An HttpClient surfaces it as the inner exception of its HttpRequestException,
/// so a caller can tell a refusal from a receiver that did not answer. The message names the host and address only,
/// never the URL (its path or query may be a secret).
/// </summary>
internal sealed class ForbiddenAddressException(string host, IPAddress address, string reason)
    : IOException($"Refused to connect to '{host}': it resolves to {address}, {reason}.")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;

    public string Reason { get; } = reason;
}
