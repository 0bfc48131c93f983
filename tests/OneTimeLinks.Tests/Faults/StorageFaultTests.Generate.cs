using Azure.Data.Tables;
using OneTimeLinks.Tests.Links;

namespace OneTimeLinks.Tests.Faults;

/// <summary>
/// Generate over HTTP under the same faults: the CRM's retry with its Idempotency-Key converges to one link; without a
/// key, an SDK retry inside one call still answers the one link it made. The batch route: its request ids converge.
/// </summary>
public sealed partial class StorageFaultTests
{
    [Theory]
    [MemberData(nameof(Faults))]
    public Task Generate_FaultAtEachWrite_RetryWithTheSameKeyLeavesOneLinkAndAnswersItsUrl(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        (app, k) => Task.FromResult(new Arranged("", "", Key: $"generate-key-{k}")),
        async (app, a) => await SendAsync(GenerateIdempotencyTests.GenerateAsync(app, new { note = a.Key }, a.Key)),
        async (app, a, answers) =>
        {
            var final = answers[^1];
            Assert.Equal(201, final.Status);
            var url = final.Body!["url"]!.GetValue<string>();
            Assert.All(answers.Where(x => x.Status == 201), x => Assert.Equal(url, x.Body!["url"]!.GetValue<string>()));

            // The note carries the round's key: exactly one link row holds it, and it is the one answered.
            var links = new List<string>();
            await foreach (var row in app.Table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("link|") >= 0 && e.RowKey.CompareTo("link}") < 0))
            {
                if (row.GetString("Note") == a.Key)
                {
                    links.Add(row.GetString("LinkId"));
                }
            }

            Assert.Equal(final.Body!["linkId"]!.GetValue<string>(), Assert.Single(links));
            using var opened = await ApiTestHelpers.OpenAsync(app, url);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }));

    /// <summary>Without a key nothing can replay a first answer; but an answer the SDK retried inside one call must still be the truth.</summary>
    [Theory]
    [InlineData(StorageFaultTarget.Transaction)]
    [InlineData(StorageFaultTarget.DueHint)]
    public Task Generate_WithoutKeyLostResponseRetriedBySdk_AnswersTheOneLinkItMade(StorageFaultTarget target) => RunAsync(StorageFault.LostResponseRetriedBySdk, target, new Case(
        (app, k) => Task.FromResult(new Arranged("", "", Key: $"unkeyed-{k}")),
        async (app, a) => await SendAsync(app.Management.PostAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}/links", new { note = a.Key })),
        async (app, a, answers) =>
        {
            var final = Assert.Single(answers);
            Assert.Equal(201, final.Status);
            Assert.Equal(final.Body!["linkId"]!.GetValue<string>(), Assert.Single(await LinkIdsAsync(app, "Note", a.Key)));
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task Batch_FaultAtEachWrite_RetryLeavesOneLinkPerRequestIdAndAnswersIt(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        (app, k) => Task.FromResult(new Arranged("", "", Key: $"batch-{k}")),
        async (app, a) =>
        {
            var links = Enumerable.Range(0, 3).Select(i => new { requestId = $"{a.Key}-{i}", note = a.Key });
            var answer = await SendAsync(app.Management.PostAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}/links/batch", new { links }));

            // An item that failed on storage is the CRM's to retry, as a whole batch failing would be.
            var itemFailed = answer.Body?["results"]?.AsArray().Any(r => r!["status"]!.GetValue<int>() >= 500) == true;
            return itemFailed ? (503, answer.Body) : answer;
        },
        async (app, a, answers) =>
        {
            var final = answers[^1];
            Assert.Equal(200, final.Status);
            var results = final.Body!["results"]!.AsArray();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(201, results[i]!["status"]!.GetValue<int>());
                var answered = results[i]!["link"]!["linkId"]!.GetValue<string>();
                Assert.Equal(answered, Assert.Single(await LinkIdsAsync(app, "RequestId", $"{a.Key}-{i}")));
            }
        }));

    /// <summary>The ids of the link rows whose <paramref name="column"/> holds <paramref name="value"/>.</summary>
    private static async Task<List<string>> LinkIdsAsync(TestApp app, string column, string value)
    {
        var links = new List<string>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("link|") >= 0 && e.RowKey.CompareTo("link}") < 0))
        {
            if (row.GetString(column) == value)
            {
                links.Add(row.GetString("LinkId"));
            }
        }

        return links;
    }
}
