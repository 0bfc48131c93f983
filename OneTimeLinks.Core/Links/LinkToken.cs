namespace OneTimeLinks.Core.Links;

/// <summary>
/// The capability carried in a link's URL: <c>{calendarId}.{linkId}.{secret}</c>. The calendar and link ids route the
/// request to one table partition and row (a point read, no index lookup); only the secret authorizes, and storage
/// keeps just its SHA-256 (<see cref="TokenSecret"/>).
/// </summary>
public sealed record LinkToken(string CalendarId, string LinkId, string Secret)
{
    public string Value => $"{CalendarId}.{LinkId}.{Secret}";

    public static LinkToken Create(string calendarId, string linkId) => new(calendarId, linkId, TokenSecret.Create());

    public static bool TryParse(string? value, out LinkToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !LinkIds.IsValid(parts[1]) || !TokenSecret.IsWellFormed(parts[2])
            || !Calendars.CalendarValidator.IsValidCalendarId(parts[0]))
        {
            return false;
        }

        token = new LinkToken(parts[0], parts[1], parts[2]);
        return true;
    }

    public string ComputeHash() => TokenSecret.Hash(Secret);

    public bool Matches(string storedHash) => TokenSecret.Matches(Secret, storedHash);

    public override string ToString() => $"{CalendarId}.{LinkId}.***";
}
