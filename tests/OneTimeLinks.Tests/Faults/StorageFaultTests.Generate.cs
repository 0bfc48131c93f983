using Azure.Data.Tables;
using OneTimeLinks.Tests.Links;

namespace OneTimeLinks.Tests.Faults;

/// <summary>Generate over HTTP under the same faults: the CRM's retry with its Idempotency-Key converges to one link.</summary>
public sealed partial class StorageFaultTests
{
    [Theory]
    [MemberData(nameof(Faults))]
    public Task Generate_FaultAtEachWrite_RetryWithTheSameKeyLeavesOneLinkAndAnswersItsUrl(StorageFault fault) => RunAsync(fault, new Case(
        async (app, k) =>
        {
            // A generate before arming writes this minute's due hint, so the faulted call's first write is its transaction.
            await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, new { note = "warm-up" });
            return new Arranged("", "", Key: $"generate-key-{k}");
        },
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
}
