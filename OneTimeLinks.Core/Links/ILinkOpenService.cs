namespace OneTimeLinks.Core.Links;

/// <summary>Counts the opens a browser confirmed (the booking page's script), not bare requests of the link.</summary>
public interface ILinkOpenService
{
    /// <summary>False for an unknown token; true otherwise (a link that is no longer live counts nothing).</summary>
    Task<bool> ConfirmOpenAsync(string token, CancellationToken cancellationToken = default);
}
