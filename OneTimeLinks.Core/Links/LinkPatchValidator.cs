using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>Checks an edit of a link (<see cref="LinkPatchRequest"/>) by the rules generate applies to the same fields.</summary>
internal static class LinkPatchValidator
{
    /// <summary>What an edit sets: each field null when left out, or Some(value) (the value null to remove it).</summary>
    public sealed record ValidLinkPatch(bool SetsNote, string? Note, bool SetsExpiresAt, DateTimeOffset? ExpiresAt)
    {
        public Link ApplyTo(Link link) => link with
        {
            Note = SetsNote ? Note : link.Note,
            ExpiresAt = SetsExpiresAt ? ExpiresAt : link.ExpiresAt,
        };
    }

    public static ValidLinkPatch? Validate(LinkPatchRequest? patch, DateTimeOffset now, FieldErrors errors)
    {
        if (patch is null || (!patch.HasNote && !patch.HasExpiresAt))
        {
            errors.Add("", "Change at least one of note and expiresAt.");
            return null;
        }

        var note = patch.HasNote ? GenerateLinkValidator.Note(patch.Note, errors) : null;
        var expiresAt = patch.HasExpiresAt && patch.ExpiresAt is not null ? GenerateLinkValidator.ExpiresAt(patch.ExpiresAt, now, errors) : null;
        return errors.IsEmpty ? new ValidLinkPatch(patch.HasNote, note, patch.HasExpiresAt, expiresAt) : null;
    }
}
