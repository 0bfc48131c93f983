using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.InviteeBooking;

/// <summary>
/// The booking page's script confirms it was rendered in a browser: a POST no scanner, preview or bare GET sends.
/// </summary>
public sealed class LinkOpenFunctions(ILinkOpenService opens)
{
    [Function("ConfirmLinkOpened")]
    public async Task<IResult> ConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostConventions.LinkRouteSegment + "/{token}/opened")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        await opens.ConfirmOpenAsync(token, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound(DeadLinkText.NotFoundDetail);
}
