namespace OneTimeLinks.Tests.InviteeBooking;

/// <summary>The Idempotency-Key on book: a retry of the same request replays the first answer; a different body is refused.</summary>
public sealed class IdempotencyTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string Key = "8b1e6f0c-7d1f-4f57-a2f4-2f5f3f9a1c11";

    [Fact]
    public async Task Book_SameKeyAndSameBodyTwice_Replays201WithTheSameBookingAndWritesOneBooking()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var first = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: Key);
        var firstBody = await first.AssertJsonAsync(HttpStatusCode.Created);
        var rowsAfterFirst = await App.RowsAsync();
        App.Time.Advance(TimeSpan.FromMinutes(10));
        using var second = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: Key);
        var secondBody = await second.AssertJsonAsync(HttpStatusCode.Created);

        // The manage URL's token is kept only as a hash: the first answer carries it, a replay cannot.
        Assert.StartsWith("https://book.example.test/api/m/", firstBody["manageUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(secondBody["manageUrl"]);
        firstBody.Remove("manageUrl");
        secondBody.Remove("manageUrl");
        Assert.Equal(firstBody.ToJsonString(), secondBody.ToJsonString());
        Assert.Equal(1, await App.CountRowsAsync("booking|"));
        Assert.Equal(rowsAfterFirst, await App.RowsAsync());
    }

    [Fact]
    public async Task Book_SameKeyWithTheStartInAnotherOffset_ReplaysBecauseItIsTheSameInstant()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var first = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: Key);
        var firstBody = await first.AssertJsonAsync(HttpStatusCode.Created);
        using var second = await App.BookJsonAsync(url, FirstSlot.ToUniversalTime(), idempotencyKey: Key);
        var secondBody = await second.AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal(firstBody["bookingId"]!.GetValue<string>(), secondBody["bookingId"]!.GetValue<string>());
        Assert.Equal(1, await App.CountRowsAsync("booking|"));
    }

    [Fact]
    public async Task Book_SameKeyWithADifferentBody_Is422AndWritesNothing()
    {
        var url = await App.GenerateLinkUrlAsync(new { maxUses = 2 });
        using var first = await App.BookJsonAsync(url, FirstSlot, "Jane Doe", idempotencyKey: Key);
        await first.AssertJsonAsync(HttpStatusCode.Created);
        var rowsBefore = await App.RowsAsync();

        using var otherName = await App.BookJsonAsync(url, FirstSlot, "John Doe", idempotencyKey: Key);
        using var otherSlot = await App.BookJsonAsync(url, MondaySlot(1), "Jane Doe", idempotencyKey: Key);

        Assert.Equal(
            "urn:onetimelinks:problem:idempotency-key-reused",
            (await otherName.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["type"]!.GetValue<string>());
        Assert.Equal(
            "urn:onetimelinks:problem:idempotency-key-reused",
            (await otherSlot.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["type"]!.GetValue<string>());
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Book_TenConcurrentWithTheSameKeyAndBody_AllAre201WithOneBookingId()
    {
        var url = await App.GenerateLinkUrlAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, 10).Select(async _ =>
        {
            await gate.Task;
            using var response = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: Key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {r.Body}"));
        var bookingIds = results.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!["bookingId"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(bookingIds);
        Assert.Equal(1, await App.CountRowsAsync("booking|"));
        Assert.Equal(1, await App.CountRowsAsync("idem|"));
    }

    [Fact]
    public async Task Book_SameKeyOnTwoLinks_AreTwoIndependentBookings()
    {
        var first = await App.GenerateLinkUrlAsync();
        var second = await App.GenerateLinkUrlAsync();

        using var a = await App.BookJsonAsync(first, FirstSlot, idempotencyKey: Key);
        using var b = await App.BookJsonAsync(second, MondaySlot(1), idempotencyKey: Key);

        Assert.NotEqual(
            (await a.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>(),
            (await b.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>());
        Assert.Equal(2, await App.CountRowsAsync("booking|"));
    }

    [Theory]
    [InlineData("short")] // 5 characters: under the minimum of 8
    [InlineData("1234567")] // 7
    [InlineData("has space inside")]
    [InlineData("tab\tinside-key")]
    public async Task Book_MalformedKey_Is400AndWritesNothing(string key)
    {
        var url = await App.GenerateLinkUrlAsync();
        var rowsBefore = await App.RowsAsync();

        using var response = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: key);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Book_KeyOf256Characters_Is400ButOf255Is201()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var tooLong = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: new string('k', 256));
        using var longest = await App.BookJsonAsync(url, FirstSlot, idempotencyKey: new string('k', 255));

        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest);
        await longest.AssertJsonAsync(HttpStatusCode.Created);
    }
}
