using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Links;

/// <summary>A link about to be generated: the link, its URL (the only place its raw token exists) and its generated event.</summary>
internal sealed record NewLink(Link Link, string Url, LinkEvent Generated)
{
    public static NewLink Create(string calendarId, ValidGenerateLinkRequest valid, string? requestId, LinkOptions options, DateTimeOffset now, EventActor? actor = null)
    {
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(options);
        var linkId = LinkIds.New(now);
        var token = CapabilityToken.Create(calendarId, linkId);
        var link = new Link(
            calendarId, linkId, LinkStatus.Active, valid.ExpiresAt, valid.Note, valid.MaxUses, Uses: 0, valid.Contact,
            CreatedAt: now, EndedAt: null, token.ComputeHash(), requestId)
        {
            Metadata = valid.Metadata,
            Overrides = valid.Overrides,
        };
        var url = options.BuildUrl(token);
        return new NewLink(link, url, LinkEventFactory.Generated(link, url, now, actor));
    }
}
