using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The panel's Edit form of an active link as shown or posted: the note, and the expiry as a date and a time in the
/// calendar's zone (read by <see cref="PanelExpiryInput"/>, as Generate reads it) or "no expiry". It becomes the same
/// merge patch the API's PATCH sends, judged by <see cref="ILinkService.UpdateAsync"/>.
/// </summary>
public sealed record PanelLinkEditForm(string? Note, string? ExpiresDate, string? ExpiresTime, bool NoExpiry)
{
    public const string NoteField = "note";
    public const string NoExpiryField = "noExpiry";

    /// <summary>Errors by form field, each a page text key; empty until a POST was refused.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>The form filled with the link as it is.</summary>
    public static PanelLinkEditForm Of(Link link, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.ExpiresAt is not { } expiresAt)
        {
            return new PanelLinkEditForm(link.Note, null, null, NoExpiry: true);
        }

        var (date, time) = PanelExpiryInput.Format(expiresAt, zone);
        return new PanelLinkEditForm(link.Note, date, time, NoExpiry: false);
    }

    public static PanelLinkEditForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new PanelLinkEditForm(
            FormReader.Single(form, NoteField),
            FormReader.Single(form, PanelExpiryInput.DateField),
            FormReader.Single(form, PanelExpiryInput.TimeField),
            FormReader.Single(form, NoExpiryField) is not null);
    }

    /// <summary>
    /// The patch, or null with <see cref="Errors"/> set when a field cannot be read. The note is always sent (empty
    /// removes it); the expiry only when it differs from what the form showed for <paramref name="current"/>, so saving
    /// a note does not round an expiry to the minute or refuse one that is now close.
    /// </summary>
    public (LinkPatchRequest? Patch, PanelLinkEditForm Form) ToPatch(Link current, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(current);
        var errors = new Dictionary<string, string>();
        var patch = new LinkPatchRequest { Note = Note };
        if (NoExpiry)
        {
            if (current.ExpiresAt is not null)
            {
                patch.ExpiresAt = null;
            }
        }
        else if (ExpiresDate is null && ExpiresTime is null)
        {
            errors[PanelExpiryInput.DateField] = "PanelLink.Error.ExpiryOrNone";
        }
        else
        {
            var shown = Of(current, zone);
            var expiresAt = PanelExpiryInput.Read(ExpiresDate, ExpiresTime, zone, errors);
            if (expiresAt is not null && (shown.NoExpiry || shown.ExpiresDate != ExpiresDate || shown.ExpiresTime != ExpiresTime))
            {
                patch.ExpiresAt = expiresAt;
            }
        }

        return errors.Count > 0 ? (null, this with { Errors = errors }) : (patch, this);
    }

    /// <summary>This form with the service's field errors in the form's terms.</summary>
    public PanelLinkEditForm WithErrors(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var mapped = new Dictionary<string, string>();
        foreach (var field in errors.ToDictionary().Keys)
        {
            var (name, key) = field switch
            {
                "expiresAt" => (PanelExpiryInput.DateField, "PanelGenerate.Error.Expiry"),
                "note" => (NoteField, "PanelGenerate.Error.Note"),
                _ => (NoteField, "PanelLink.Error.Other"),
            };
            mapped.TryAdd(name, key);
        }

        return this with { Errors = mapped };
    }
}
