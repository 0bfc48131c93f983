using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Core.Telemetry;
using OneTimeLinks.Tests.Sweeping;

namespace OneTimeLinks.Tests.Panel;

/// <summary>Minting, reading and ending panel sessions (issue 24, "Minting a session").</summary>
public sealed class PanelSessionApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string PanelUrlPrefix = "https://book.example.test/api/panel/dr-smith.";

    [Fact]
    public async Task Create_NoBody_Is201WithACapabilityUrlValidForAnHour()
    {
        await using var app = await StartWithCalendarAsync(azurite);

        using var response = await app.CreatePanelSessionAsync();

        var created = await response.AssertJsonAsync(HttpStatusCode.Created);
        var sessionId = created["sessionId"]!.GetValue<string>();
        Assert.Matches("^ps_[0-9a-z]{21}$", sessionId);
        Assert.Equal($"/api/calendars/dr-smith/panel-sessions/{sessionId}", response.Headers.Location?.OriginalString);
        var url = created["url"]!.GetValue<string>();
        Assert.StartsWith($"{PanelUrlPrefix}{sessionId}.", url, StringComparison.Ordinal);
        var secret = url[($"{PanelUrlPrefix}{sessionId}.").Length..];
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(secret).Length);
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(60), Instant(created["expiresAt"]));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(480)]
    public async Task Create_LifetimeAtEachBound_IsAccepted(int minutes)
    {
        await using var app = await StartWithCalendarAsync(azurite);

        var created = await app.MintAsync(new { lifetimeMinutes = minutes });

        Assert.Equal(app.Time.GetUtcNow().AddMinutes(minutes), Instant(created["expiresAt"]));
    }

    [Fact]
    public async Task Create_StoresOnlyTheSecretsHash_NeverTheUrlInRowsOrLogs()
    {
        var logs = new LogSink();
        await using var app = await StartWithCalendarAsync(azurite, s => s.AddSingleton<ILoggerProvider>(logs));

        var url = (await app.MintAsync())["url"]!.GetValue<string>();

        var (secret, hash) = SecretOf(url);
        var rows = new List<string>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>())
        {
            rows.Add(string.Join(" ", row.Select(p => $"{p.Key}={p.Value}")));
        }

        Assert.Contains(rows, r => r.Contains($"TokenHash={hash}", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain(secret, r, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AfterCreate_ShowsTheSessionWithoutItsUrl()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var created = await app.MintAsync(new
        {
            lifetimeMinutes = 30,
            language = "de",
            allowedOrigins = new[] { "https://crm.example.com", "http://127.0.0.1:8080" },
            actor = new { id = "user-7", name = "Dana Owner" },
            returnUrl = "https://crm.example.com/calendars/7",
        });
        var sessionId = created["sessionId"]!.GetValue<string>();

        using var response = await app.GetPanelSessionAsync(sessionId);

        var session = await response.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(sessionId, session["sessionId"]!.GetValue<string>());
        Assert.Equal("dr-smith", session["calendarId"]!.GetValue<string>());
        Assert.Equal("active", session["status"]!.GetValue<string>());
        Assert.Equal("de", session["language"]!.GetValue<string>());
        Assert.Equal(["https://crm.example.com", "http://127.0.0.1:8080"], session["allowedOrigins"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("user-7", session["actor"]!["id"]!.GetValue<string>());
        Assert.Equal("Dana Owner", session["actor"]!["name"]!.GetValue<string>());
        Assert.Equal("https://crm.example.com/calendars/7", session["returnUrl"]!.GetValue<string>());
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(30), Instant(session["expiresAt"]));
        Assert.Null(session["endedAt"]);
        Assert.Null(session["url"]);
    }

    [Fact]
    public async Task End_ActiveSession_EndsItOnceAndARepeatChangesNothing()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var sessionId = (await app.MintAsync())["sessionId"]!.GetValue<string>();
        var endedAt = app.Time.GetUtcNow().AddMinutes(3);
        app.Time.Advance(TimeSpan.FromMinutes(3));

        var first = await (await app.EndPanelSessionAsync(sessionId)).AssertJsonAsync(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await (await app.EndPanelSessionAsync(sessionId)).AssertJsonAsync(HttpStatusCode.OK);
        var read = await (await app.GetPanelSessionAsync(sessionId)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.All([first, again, read], s => Assert.Equal("ended", s["status"]!.GetValue<string>()));
        Assert.All([first, again, read], s => Assert.Equal(endedAt, Instant(s["endedAt"])));
    }

    [Fact]
    public async Task End_ThenFind_TheUrlNoLongerOpensAnActiveSession()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var created = await app.MintAsync();
        var token = TokenOf(created);
        var sessions = app.Services.GetRequiredService<IPanelSessionService>();
        Assert.Equal(PanelSessionStatus.Active, (await sessions.FindAsync(token))!.GetStatus(app.Time.GetUtcNow()));

        await (await app.EndPanelSessionAsync(created["sessionId"]!.GetValue<string>())).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(PanelSessionStatus.Ended, (await sessions.FindAsync(token))!.GetStatus(app.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Find_WrongSecretOrOtherCalendar_FindsNothing()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var token = TokenOf(await app.MintAsync());
        var sessions = app.Services.GetRequiredService<IPanelSessionService>();
        var parts = token.Split('.');
        var otherSecret = new string('A', 43);

        Assert.Null(await sessions.FindAsync($"{parts[0]}.{parts[1]}.{otherSecret}"));
        Assert.Null(await sessions.FindAsync($"other-cal.{parts[1]}.{parts[2]}"));
        Assert.Null(await sessions.FindAsync($"{parts[0]}.{parts[1]}"));
        Assert.NotNull(await sessions.FindAsync(token));
    }

    [Fact]
    public async Task Get_AtExpiresAt_IsExpiredAndEndChangesNothing()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var sessionId = (await app.MintAsync(new { lifetimeMinutes = 5 }))["sessionId"]!.GetValue<string>();
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var read = await (await app.GetPanelSessionAsync(sessionId)).AssertJsonAsync(HttpStatusCode.OK);
        var ended = await (await app.EndPanelSessionAsync(sessionId)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("expired", read["status"]!.GetValue<string>());
        Assert.Equal("expired", ended["status"]!.GetValue<string>());
        Assert.Null(ended["endedAt"]);
    }

    [Fact]
    public async Task GetAndEnd_SessionOfAnotherCalendar_Are404AndChangeNothing()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        await app.CreateCalendarAsync("other-cal");
        var sessionId = (await app.MintAsync(calendarId: "other-cal"))["sessionId"]!.GetValue<string>();
        var rowsBefore = await app.RowsAsync();

        using var get = await app.GetPanelSessionAsync(sessionId);
        using var end = await app.EndPanelSessionAsync(sessionId);

        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        await end.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(rowsBefore, await app.RowsAsync());
        var theirs = await (await app.GetPanelSessionAsync(sessionId, "other-cal")).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", theirs["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ps_0000000000000abcdefghj")]
    [InlineData("not-a-session")]
    public async Task GetAndEnd_UnknownSession_Are404(string sessionId)
    {
        await using var app = await StartWithCalendarAsync(azurite);

        using var get = await app.GetPanelSessionAsync(sessionId);
        using var end = await app.EndPanelSessionAsync(sessionId);

        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        await end.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnknownCalendar_Is404AndWritesNothing()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var rowsBefore = await app.RowsAsync();

        using var response = await app.CreatePanelSessionAsync(calendarId: "nobody");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(rowsBefore, await app.RowsAsync());
    }

    [Fact]
    public async Task Sweep_AfterExpiry_PurgesTheSessionAndItsPurgeRow()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        await app.MintAsync(new { lifetimeMinutes = 5 });
        Assert.Equal(1, await app.CountRowsAsync("panel|"));
        var sweep = app.Services.GetRequiredService<ISweepService>();

        app.Time.Advance(TimeSpan.FromMinutes(4));
        await sweep.SweepAsync();
        Assert.Equal(1, await app.CountRowsAsync("panel|"));

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await sweep.SweepAsync();

        Assert.Equal(0, await app.CountRowsAsync("panel|"));
        Assert.DoesNotContain(await app.RowsAsync(), r => r.RowKey.StartsWith("purge|", StringComparison.Ordinal) && r.RowKey.Contains("panel|", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET /api/panel/dr-smith.ps_x.secret", "GET /api/panel/{token}")]
    [InlineData("https://x.test/api/panel/a.b.c/links/new?lang=de", "https://x.test/api/panel/{token}/links/new?lang=de")]
    [InlineData("/api/calendars/dr-smith/panel-sessions/ps_1/end", "/api/calendars/dr-smith/panel-sessions/ps_1/end")]
    public void Redact_PanelPath_ReplacesTheTokenSegment(string text, string expected) =>
        Assert.Equal(expected, TokenRedactor.Redact(text));

    private static string TokenOf(JsonObject created) =>
        created["url"]!.GetValue<string>()["https://book.example.test/api/panel/".Length..];
}
