using System.Net.Http.Headers;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.BookingChanges;
using static OneTimeLinks.Tests.Questions.QuestionApi;

namespace OneTimeLinks.Tests.Questions;

/// <summary>
/// Questions from generate to the events (issue 23): a link's hidden and prefilled questions, the open answer in the
/// invitee's language, answers in the CRM's routes and in the used, rescheduled and canceled events.
/// </summary>
public sealed class QuestionFlowTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override object? Calendar => QuestionCalendar();

    private static readonly string Window =
        $"from={Uri.EscapeDataString("2026-12-01T00:00:00Z")}&to={Uri.EscapeDataString("2026-12-31T00:00:00Z")}";

    [Fact]
    public async Task Book_HiddenPrefilledQuestion_IgnoresThePostedValueAndRecordsThePrefill()
    {
        var url = await App.GenerateLinkUrlAsync(new { hidden = new[] { "dealId" }, prefill = new { dealId = "D-42", reason = "Renewal" } });

        using var response = await App.BookWithAnswersAsync(url, new { reason = "Changed by me", plan = "pro", consent = true, dealId = "D-666" });

        var bookingId = (await response.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>();
        var answers = (await App.BookingStateAsync(bookingId))["answers"]!;
        Assert.Equal("D-42", answers["dealId"]!.GetValue<string>());
        Assert.Equal("Changed by me", answers["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Book_HiddenPrefilledQuestionLeftOut_StillRecordsThePrefill()
    {
        var url = await App.GenerateLinkUrlAsync(new { hidden = new[] { "dealId", "consent" }, prefill = new { dealId = "D-42", consent = true } });

        using var response = await App.BookWithAnswersAsync(url, new { reason = "Demo", plan = "pro" });

        var bookingId = (await response.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>();
        var answers = (await App.BookingStateAsync(bookingId))["answers"]!.AsObject();
        Assert.Equal(["reason", "plan", "consent", "dealId"], answers.Select(a => a.Key));
        Assert.True(answers["consent"]!.GetValue<bool>());
    }

    public static TheoryData<string, object> BadLinkQuestions => new()
    {
        { "hidden[0]", new { hidden = new[] { "nope" } } },
        { "hidden[0]", new { hidden = new[] { "reason" } } },
        { "hidden[1]", new { hidden = new[] { "dealId", "dealId" }, prefill = new { dealId = "D" } } },
        { "hidden[0]", new { hidden = new[] { "not an id" } } },
        { "prefill.plan", new { prefill = new { plan = "gold" } } },
        { "prefill.seats", new { prefill = new { seats = "many" } } },
        { "prefill.reason", new { prefill = new { reason = new string('x', 21) } } },
        { "prefill.nope", new { prefill = new { nope = "x" } } },
    };

    [Theory]
    [MemberData(nameof(BadLinkQuestions))]
    public async Task Generate_BadHiddenOrPrefill_Is422AndWritesNothing(string field, object body)
    {
        var rowsBefore = await App.RowsAsync();

        using var single = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links", body);
        using var queued = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links/batch", new
        {
            links = new[] { System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject().Also(o => o["requestId"] = "r1") },
        });

        Assert.Contains(field, (await single.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!.AsObject().Select(e => e.Key));
        var batch = await queued.ReadObjectAsync();
        Assert.Contains(field, batch.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Open_InGerman_AsksTheVisibleQuestionsInGermanFallingBackToEnglish()
    {
        var url = await App.GenerateLinkUrlAsync(new { hidden = new[] { "dealId" }, prefill = new { dealId = "D-42", seats = 3 } });
        var request = new HttpRequestMessage(HttpMethod.Get, Api.PathOf(url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.AcceptLanguage.ParseAdd("de-DE");

        using var response = await App.Public.SendAsync(request);

        var questions = (await response.AssertJsonAsync(HttpStatusCode.OK))["questions"]!.AsArray();
        Assert.Equal(["reason", "details", "plan", "topics", "mobile", "consent", "seats"], questions.Select(q => q!["id"]!.GetValue<string>()));
        Assert.Equal("Grund", questions[0]!["label"]!.GetValue<string>());
        Assert.Equal("Topics", questions[3]!["label"]!.GetValue<string>());
        Assert.Equal(["Basis", "Pro"], questions[2]!["options"]!.AsArray().Select(o => o!["label"]!.GetValue<string>()));
        Assert.Equal(3, questions[6]!["prefill"]!.GetValue<int>());
        Assert.True(questions[5]!["required"]!.GetValue<bool>());
        Assert.DoesNotContain("D-42", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_InTheCrmRoutesAndTheUsedRescheduledAndCanceledEvents()
    {
        var url = await App.GenerateLinkUrlAsync(new { hidden = new[] { "dealId" }, prefill = new { dealId = "D-42" } });
        using var booked = await App.BookWithAnswersAsync(url, new { reason = "Demo", plan = "pro", consent = true, topics = new[] { "b" } });
        var bookingId = (await booked.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>();

        using var list = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{Window}");
        using var moved = await App.CrmRescheduleAsync(bookingId, FirstSlot.AddHours(2));
        using var canceled = await App.CrmCancelAsync(bookingId, "No longer needed");

        const string Expected = """{"reason":"Demo","plan":"pro","topics":["b"],"consent":true,"dealId":"D-42"}""";
        AssertJson(Expected, (await list.AssertJsonAsync(HttpStatusCode.OK))["bookings"]![0]!["answers"]);
        AssertJson(Expected, (await moved.AssertJsonAsync(HttpStatusCode.OK))["answers"]);
        AssertJson(Expected, (await canceled.AssertJsonAsync(HttpStatusCode.OK))["answers"]);
        foreach (var type in new[] { LinkEventTypes.Used, LinkEventTypes.BookingRescheduled, LinkEventTypes.BookingCanceled })
        {
            AssertJson(Expected, Bus.SentEvents(type).Single().Event.DataObject()["answers"]);
        }
    }

    [Fact]
    public async Task Book_WithoutQuestionsAnswered_LeavesAnswersOutOfTheEventAndEmptyInTheCrm()
    {
        await App.CreateCalendarAsync(CalendarId, Api.BerlinCalendar());
        var url = await App.GenerateLinkUrlAsync();

        using var booked = await App.BookJsonAsync(url, FirstSlot);

        var bookingId = (await booked.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>();
        Assert.Empty((await App.BookingStateAsync(bookingId))["answers"]!.AsObject());
        Assert.False(Bus.SentEvents(LinkEventTypes.Used).Single().Event.DataObject().ContainsKey("answers"));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject json, Action<JsonObject> change)
    {
        change(json);
        return json;
    }
}
