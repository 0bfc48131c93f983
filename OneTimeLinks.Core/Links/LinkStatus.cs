namespace OneTimeLinks.Core.Links;

/// <summary>The lifecycle of a link. Only <see cref="Active"/> links can be booked.</summary>
public enum LinkStatus
{
    Active,
    Used,
    Expired,
    Revoked,
}

public static class LinkStatusNames
{
    public static string ToWireName(this LinkStatus status) => status switch
    {
        LinkStatus.Active => "active",
        LinkStatus.Used => "used",
        LinkStatus.Expired => "expired",
        LinkStatus.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? value, out LinkStatus status)
    {
        switch (value)
        {
            case "active": status = LinkStatus.Active; return true;
            case "used": status = LinkStatus.Used; return true;
            case "expired": status = LinkStatus.Expired; return true;
            case "revoked": status = LinkStatus.Revoked; return true;
            default: status = default; return false;
        }
    }
}
