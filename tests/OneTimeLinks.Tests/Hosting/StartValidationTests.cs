using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.Functions.Hosting;

namespace OneTimeLinks.Tests.Hosting;

/// <summary>
/// The options the host validates before it serves anything (what <c>ValidateOnStart</c> registers, run the way the
/// host runs it): a misconfigured app fails its start, not its first request.
/// </summary>
public sealed class StartValidationTests
{
    [Fact]
    public void Validate_ValidSettings_Passes()
    {
        // Arrange
        using var services = Build([]);

        // Act
        var validate = () => services.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        var exception = Record.Exception(validate);
        Assert.Null(exception);
    }

    [Fact]
    public void Validate_LinkRequestsQueueNameNotAQueueName_FailsNamingTheSetting()
    {
        // Arrange
        using var services = Build(new() { ["LinkRequestsQueueName"] = "Link_Requests" });

        // Act
        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        Assert.Contains("LinkRequestsQueueName", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Links:PublicBaseUrl"] = "https://book.example.test",
                ["Links:UrlProtectionKey"] = TestApp.UrlProtectionKey,
            })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOneTimeLinksCore(configuration).AddHostConventions(configuration);
        return services.BuildServiceProvider();
    }
}
