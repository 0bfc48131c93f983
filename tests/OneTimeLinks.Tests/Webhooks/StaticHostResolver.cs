using System.Collections.Concurrent;
using System.Net.Sockets;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// A resolver for tests: names resolve to the addresses given here and nothing else does (as a name that does not exist
/// would), so no test ever sends a DNS query. Register it in <c>TestApp.StartAsync</c>'s <c>services:</c> callback.
/// </summary>
public sealed class StaticHostResolver(IReadOnlyDictionary<string, IPAddress[]> names) : IHostResolver
{
    private readonly ConcurrentQueue<string> _asked = new();

    /// <summary>Every name the app asked to resolve, in order.</summary>
    public IReadOnlyList<string> Asked => [.. _asked];

    /// <summary>
    /// Names whose addresses the outbound rules must never connect to (loopback, the cloud metadata address, a private
    /// network); each feature's resolver adds its own public names, and its rebinding name, to these.
    /// </summary>
    public static readonly (string Name, string[] Addresses)[] ForbiddenNames =
    [
        ("loopback.example.test", ["127.0.0.1"]),
        ("metadata.example.test", ["169.254.169.254"]),
        ("private.example.test", ["10.0.0.1"]),
    ];

    public static StaticHostResolver With(params (string Name, string[] Addresses)[] names) =>
        new(names.ToDictionary(n => n.Name, n => n.Addresses.Select(IPAddress.Parse).ToArray(), StringComparer.OrdinalIgnoreCase));

    Task<IPAddress[]> IHostResolver.ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _asked.Enqueue(host);
        return names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
