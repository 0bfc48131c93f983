namespace OneTimeLinks.Tests.Health;

public sealed class HealthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task GetHealth_TableReachable_Is200WithoutAKey()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(azurite);

        // Act
        using var response = await app.Public.GetAsync(new Uri("/api/health", UriKind.Relative));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task GetHealth_TableGone_Is503SayingNothingAboutTheSystem()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(azurite);
        using (var before = await app.Public.GetAsync(new Uri("/api/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // the app has created its table by now
        }

        await app.Table.DeleteAsync();

        // Act
        using var response = await app.Public.GetAsync(new Uri("/api/health", UriKind.Relative));

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unhealthy"}""", await response.Content.ReadAsStringAsync());
    }
}
