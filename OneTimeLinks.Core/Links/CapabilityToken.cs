namespace OneTimeLinks.Core.Links;

/// <summary>
/// The capability carried in a public URL: <c>{calendarId}.{id}.{secret}</c>, where the id is a link's (the link URL,
/// <see cref="TryParseLink"/>) or a booking's (the invitee's manage URL, <see cref="TryParseManage"/>). The calendar
/// and the id route the request to one table partition and row (a point read, no index lookup); only the secret
/// authorizes, and storage keeps just its SHA-256 (<see cref="TokenSecret"/>). Each token draws its own secret, so a
/// booking's manage token says nothing about its link's.
/// </summary>
public sealed record CapabilityToken(string CalendarId, string Id, string Secret)
{
    private const int MaxLength = 200;

    public string Value => $"{CalendarId}.{Id}.{Secret}";

    public static CapabilityToken Create(string calendarId, string id) => new(calendarId, id, TokenSecret.Create());

    /// <summary>A link URL's token: its id is a link id (<see cref="LinkIds"/>).</summary>
    public static bool TryParseLink(string? value, out CapabilityToken token) => TryParse(value, LinkIds.IsValid, out token);

    /// <summary>A manage URL's token: its id is a booking id (<see cref="Bookings.BookingIds"/>).</summary>
    public static bool TryParseManage(string? value, out CapabilityToken token) => TryParse(value, Bookings.BookingIds.IsValid, out token);

    /// <summary>A panel URL's token: its id is a panel session id (<see cref="Panel.PanelSessionIds"/>).</summary>
    public static bool TryParsePanel(string? value, out CapabilityToken token) => TryParse(value, Panel.PanelSessionIds.IsValid, out token);

    public string ComputeHash() => TokenSecret.Hash(Secret);

    public bool Matches(string storedHash) => TokenSecret.Matches(Secret, storedHash);

    public override string ToString() => $"{CalendarId}.{Id}.***";

    private static bool TryParse(string? value, Func<string, bool> isValidId, out CapabilityToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !isValidId(parts[1]) || !TokenSecret.IsWellFormed(parts[2])
            || !Calendars.CalendarValidator.IsValidCalendarId(parts[0]))
        {
            return false;
        }

        token = new CapabilityToken(parts[0], parts[1], parts[2]);
        return true;
    }
}
