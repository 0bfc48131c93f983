namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// After rotate-secret, deliveries carry both signatures while the overlap lasts, so a receiver holding the old secret
/// and one holding the new both verify (with the official package); after it, only the new secret verifies.
/// </summary>
public sealed class SignatureRotationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Delivery_DuringAndAfterTheRotationOverlap_OldAndNewThenOnlyNewVerify()
    {
        await using var app = await WebhookDeliveryHarness.StartAsync(
            azurite, new Dictionary<string, string?> { ["Webhooks:SecretRotationOverlap"] = "00:00:05" });
        await app.CreateCalendarAsync(CalendarId);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, oldSecret) = await app.SubscribeAsync(receiver);

        await app.GenerateLinkAsync(CalendarId);
        Assert.Equal([oldSecret], (await receiver.WaitForCountAsync(1))[0].VerifiedWith);

        using var rotated = await app.Management.PostAsync($"/api/webhooks/{id}/rotate-secret", null);
        var newSecret = (await rotated.AssertJsonAsync(HttpStatusCode.OK))["secret"]!.GetValue<string>();
        receiver.Secrets = [oldSecret, newSecret];

        await app.GenerateLinkAsync(CalendarId);
        var during = (await receiver.WaitForCountAsync(2))[1];
        Assert.Equal([oldSecret, newSecret], during.VerifiedWith);
        Assert.Equal(2, during.Signature!.Split(' ').Distinct().Count());

        app.Time.Advance(TimeSpan.FromSeconds(6));
        await app.GenerateLinkAsync(CalendarId);
        var after = (await receiver.WaitForCountAsync(3))[2];
        Assert.Equal([newSecret], after.VerifiedWith);
        Assert.Single(after.Signature!.Split(' '));
        Assert.Empty(app.Outbound.Refused);
    }
}
