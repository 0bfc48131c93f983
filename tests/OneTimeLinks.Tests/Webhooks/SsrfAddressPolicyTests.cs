using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>The outbound address policy as a table: every forbidden form refused, public unicast let through.</summary>
public sealed class SsrfAddressPolicyTests
{
    public static TheoryData<string> ForbiddenAlways() => new(
        // IPv4
        "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "169.254.0.1", "169.254.169.254",
        "172.16.0.1", "172.31.255.255", "192.0.0.170", "192.168.1.1", "198.18.0.1", "198.19.255.255", "224.0.0.1",
        "239.255.255.250", "240.0.0.1", "255.255.255.255",

        // IPv6
        "::", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "fd00:ec2::254", "fec0::1", "ff02::1", "100::1",

        // IPv6 forms that carry an IPv4 address: mapped, compatible, NAT64, 6to4, Teredo
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.0.1", "::ffff:127.0.0.1", "::ffff:0.0.0.0",
        "::10.0.0.1", "::127.0.0.1", "::8.8.8.8", "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
        "2002:a00:1::1", "2002:7f00:1::1", "2002:a9fe:a9fe::", "2001:0:4136:e378:8000:63bf:3fff:fdd2");

    public static TheoryData<string> LoopbackOnly() => new("127.0.0.1", "127.255.255.254", "::1");

    public static TheoryData<string> Public() => new(
        "8.8.8.8", "93.184.216.34", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255",
        "172.15.255.255", "172.32.0.1", "192.167.255.255", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
        "2606:4700:4700::1111", "2a00:1450:4001::200e", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8");

    [Theory]
    [MemberData(nameof(ForbiddenAlways))]
    public void FindRefusal_ForbiddenAddress_RefusedWithLoopbackAllowedOrNot(string address)
    {
        Assert.NotNull(OutboundAddressPolicy.FindRefusal(IPAddress.Parse(address), allowLoopback: false));
        Assert.NotNull(OutboundAddressPolicy.FindRefusal(IPAddress.Parse(address), allowLoopback: true));
    }

    [Theory]
    [MemberData(nameof(LoopbackOnly))]
    public void FindRefusal_Loopback_RefusedUnlessAllowed(string address)
    {
        Assert.NotNull(OutboundAddressPolicy.FindRefusal(IPAddress.Parse(address), allowLoopback: false));
        Assert.Null(OutboundAddressPolicy.FindRefusal(IPAddress.Parse(address), allowLoopback: true));
    }

    [Theory]
    [MemberData(nameof(Public))]
    public void FindRefusal_PublicUnicast_Allowed(string address)
    {
        Assert.Null(OutboundAddressPolicy.FindRefusal(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("169.254.169.254", "the cloud metadata address")]
    [InlineData("fd00:ec2::254", "the cloud metadata address")]
    [InlineData("::ffff:10.0.0.1", "an IPv4-mapped IPv6 address of a private address (10.0.0.0/8)")]
    public void FindRefusal_Reason_NamesWhatTheAddressIs(string address, string reason)
    {
        Assert.Equal(reason, OutboundAddressPolicy.FindRefusal(IPAddress.Parse(address), allowLoopback: false));
    }

    /// <summary>
    /// What System.Uri makes of the host forms an attacker writes for 127.0.0.1: it canonicalises decimal, hex, octal and
    /// short IPv4 forms into a dotted IPv4 host, so they reach the policy as the address they are, and no name is resolved.
    /// </summary>
    [Theory]
    [InlineData("http://2130706433/", "127.0.0.1")]
    [InlineData("http://0x7f.1/", "127.0.0.1")]
    [InlineData("http://0x7f000001/", "127.0.0.1")]
    [InlineData("http://0177.0.0.1/", "127.0.0.1")]
    [InlineData("http://127.1/", "127.0.0.1")]
    [InlineData("http://017700000001/", "127.0.0.1")]
    [InlineData("http://0xa9fea9fe/", "169.254.169.254")]
    [InlineData("http://167772161/", "10.0.0.1")]
    [InlineData("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1")]
    [InlineData("http://[0:0:0:0:0:ffff:7f00:1]/", "::ffff:127.0.0.1")]
    [InlineData("http://[::ffff:a00:1]/", "::ffff:10.0.0.1")]
    public async Task UriHost_NumericForms_ParseToTheForbiddenAddressWithoutResolving(string url, string expected)
    {
        var uri = new Uri(url);
        var resolver = StaticHostResolver.With();

        var addresses = await OutboundHosts.ResolveAsync(uri.IdnHost, resolver, CancellationToken.None);

        Assert.Equal([IPAddress.Parse(expected)], addresses);
        Assert.Empty(resolver.Asked);
        Assert.NotNull(OutboundAddressPolicy.FindRefusal(addresses[0], allowLoopback: false));
    }
}
