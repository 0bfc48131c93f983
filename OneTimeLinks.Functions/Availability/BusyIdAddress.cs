namespace OneTimeLinks.Functions.Availability;

/// <summary>
/// How a CRM busy id is addressed over HTTP, exactly whatever characters it holds (docs/design.md, "Busy ids over
/// HTTP"). The path form <c>busy/{busyId}</c> reaches the worker decoded by the host, which turns "%25" into "%" but
/// leaves "%2F" escaped: a route value holding "%2F" may be an escaped "/" or a literal "%2F" sent as "%252F", and no
/// decode can tell them apart, so it is refused. The query form <c>busy-by-id?busyId=</c> is decoded exactly once
/// and addresses any id.
/// </summary>
internal static class BusyIdAddress
{
    public const string QueryName = "busyId";

    private const string EscapedSlash = "%2F";

    /// <summary>The id a path value names; false when the value is ambiguous (it holds "%2F", in any case).</summary>
    public static bool TryFromPath(string routeValue, out string busyId)
    {
        busyId = routeValue;
        return !routeValue.Contains(EscapedSlash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The id the query names; false when it names none or more than one.</summary>
    public static bool TryFromQuery(HttpRequest request, out string busyId)
    {
        var values = request.Query[QueryName];
        busyId = values.Count == 1 ? values[0] ?? "" : "";
        return values.Count == 1;
    }

    /// <summary>
    /// Where the interval can be addressed again: the path form when its escape reads back the same id everywhere, else
    /// the query form ("." and ".." too: a server removes them from a path as dot-segments, RFC 3986 5.2.4).
    /// </summary>
    public static string LocationOf(string calendarId, string busyId) =>
        busyId is "." or ".." || busyId.Contains('/', StringComparison.Ordinal) || busyId.Contains(EscapedSlash, StringComparison.OrdinalIgnoreCase)
            ? HostConventions.PathOf($"calendars/{calendarId}/busy-by-id?{QueryName}={Uri.EscapeDataString(busyId)}")
            : HostConventions.PathOf($"calendars/{calendarId}/busy/{Uri.EscapeDataString(busyId)}");

    public const string AmbiguousPath =
        "Holds \"%2F\", which the host may have decoded from \"%252F\": address this id as busy-by-id?busyId={URL-escaped id} instead.";

    public const string MissingQuery = "Is required once: the CRM's id, URL-escaped in the query.";
}
