using System.Net;
using System.Net.Sockets;

namespace OneTimeLinks.Core.Outbound;

/// <summary>
/// Which addresses the app may connect out to: public unicast only. Everything that reaches the machine itself, the
/// private network around it or the cloud's metadata service is refused, in every form an address can take (IPv4, IPv6,
/// and IPv6 forms that carry an IPv4 address inside), so a receiver URL can never be pointed at our own side (SSRF).
/// </summary>
internal static class OutboundAddressPolicy
{
    /// <summary>Why <paramref name="address"/> is refused, or null when it may be connected to.</summary>
    /// <param name="allowLoopback">
    /// Development only: lets 127.0.0.0/8 and ::1 through. Loopback carried inside IPv6 (::ffff:127.0.0.1, 6to4, NAT64)
    /// stays refused: a local receiver never needs those forms, and they are a classic way around a filter.
    /// </param>
    public static string? FindRefusal(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => FindIPv4Refusal(address.GetAddressBytes(), allowLoopback),
            AddressFamily.InterNetworkV6 => FindIPv6Refusal(address.GetAddressBytes(), allowLoopback),
            _ => "not an IP address",
        };
    }

    private static string? FindIPv4Refusal(ReadOnlySpan<byte> a, bool allowLoopback) => a switch
    {
        [0, ..] => "an unspecified or this-network address (0.0.0.0/8)",
        [10, ..] => "a private address (10.0.0.0/8)",
        [100, var b, ..] when (b & 0xC0) == 64 => "a carrier-grade NAT address (100.64.0.0/10)",
        [127, ..] => allowLoopback ? null : "a loopback address (127.0.0.0/8)",
        [169, 254, 169, 254] => "the cloud metadata address",
        [169, 254, ..] => "a link-local address (169.254.0.0/16)",
        [172, var b, ..] when (b & 0xF0) == 16 => "a private address (172.16.0.0/12)",
        [192, 0, 0, _] => "an IETF protocol assignment (192.0.0.0/24)",
        [192, 168, ..] => "a private address (192.168.0.0/16)",
        [198, var b, ..] when (b & 0xFE) == 18 => "a benchmarking address (198.18.0.0/15)",
        [>= 224 and <= 239, ..] => "a multicast address (224.0.0.0/4)",
        [>= 240, ..] => "a reserved or broadcast address (240.0.0.0/4)",
        _ => null,
    };

    private static string? FindIPv6Refusal(byte[] a, bool allowLoopback)
    {
        var span = a.AsSpan();
        if (span[..15].IndexOfAnyExcept((byte)0) < 0)
        {
            return a[15] switch
            {
                0 => "the unspecified address (::)",
                1 => allowLoopback ? null : "a loopback address (::1)",
                _ => "an IPv4-compatible IPv6 address (::/96, deprecated)",
            };
        }

        if (span[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xFF && a[11] == 0xFF)
        {
            return Embedded("an IPv4-mapped IPv6 address", span[12..]);
        }

        if (span[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return "an IPv4-compatible IPv6 address (::/96, deprecated)";
        }

        if (a is [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, ..])
        {
            return Embedded("a NAT64 address (64:ff9b::/96)", span[12..]);
        }

        if (a is [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01, ..])
        {
            return "a local-use NAT64 address (64:ff9b:1::/48)";
        }

        if (a is [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..])
        {
            return "a discard-only address (100::/64)";
        }

        if (a is [0x20, 0x01, 0x00, 0x00, ..])
        {
            return "a Teredo address (2001::/32), whose IPv4 end cannot be checked";
        }

        if (a is [0x20, 0x02, ..])
        {
            return Embedded("a 6to4 address (2002::/16)", span[2..6]);
        }

        return a[0] switch
        {
            0xFD when a is [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] => "the cloud metadata address",
            0xFC or 0xFD => "a unique-local address (fc00::/7)",
            0xFE when (a[1] & 0xC0) == 0x80 => "a link-local address (fe80::/10)",
            0xFE when (a[1] & 0xC0) == 0xC0 => "a site-local address (fec0::/10)",
            0xFF => "a multicast address (ff00::/8)",
            _ => null,
        };
    }

    // The IPv4 address inside is what the packet reaches in the end; loopback is never let through in this form.
    private static string? Embedded(string form, ReadOnlySpan<byte> ipv4) =>
        FindIPv4Refusal(ipv4, allowLoopback: false) is { } reason ? $"{form} of {reason}" : null;
}
