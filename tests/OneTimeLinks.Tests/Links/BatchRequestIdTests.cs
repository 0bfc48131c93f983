using OneTimeLinks.Tests.WorkflowRequests;

namespace OneTimeLinks.Tests.Links;

/// <summary>
/// A request id makes one link whichever way it arrives: a batch item whose id a workflow message already used is
/// answered with that message's link, and only the batch's new ids create links.
/// </summary>
public sealed class BatchRequestIdTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{

    [Fact]
    public async Task Batch_ItemWhoseRequestIdTheQueueAlreadyUsed_AnswersTheQueuesLinkAndCreatesOnlyTheNewOnes()
    {
        await new WorkflowRequestQueues(App).SendAsync(new { requestId = "crm-shared-1", calendarId = CalendarId, note = "from the workflow" });
        var deadline = DateTime.UtcNow + WorkflowRequestQueues.Timeout;
        while (Bus.SentEvents(LinkEventTypes.Generated).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var queued = Assert.Single(Bus.SentEvents(LinkEventTypes.Generated)).Event.DataObject();

        using var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links/batch", new
        {
            links = new object[]
            {
                new { requestId = "crm-new-1", note = "from the batch" },
                new { requestId = "crm-shared-1", note = "from the batch" },
                new { requestId = "crm-new-2", note = "from the batch" },
            },
        });
        var results = (await response.AssertJsonAsync(HttpStatusCode.OK))["results"]!.AsArray();

        var shared = results[1]!["link"]!;
        Assert.Equal(201, results[1]!["status"]!.GetValue<int>());
        Assert.Equal(queued["linkId"]!.GetValue<string>(), shared["linkId"]!.GetValue<string>());
        Assert.Equal(queued["url"]!.GetValue<string>(), shared["url"]!.GetValue<string>());
        Assert.Equal("from the workflow", shared["note"]!.GetValue<string>());
        Assert.Equal(3, await App.CountRowsAsync("link|"));
        Assert.Equal(3, await App.CountRowsAsync("request|"));
        Assert.Equal(3, Bus.SentEvents(LinkEventTypes.Generated).Count);
        Assert.Single(Bus.SentEvents(LinkEventTypes.Generated), e => e.Event.DataObject()["requestId"]!.GetValue<string>() == "crm-shared-1");
    }
}
