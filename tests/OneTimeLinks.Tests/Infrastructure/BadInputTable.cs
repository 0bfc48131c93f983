namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>A strict-input table's cases by name (tests/Validation and each feature's *BadInputTests).</summary>
public interface IBadInputTable<TInput>
{
    static abstract IReadOnlyDictionary<string, TInput> Cases { get; }
}

/// <summary>
/// What every strict-input table shares: its case names as theory data, one test case each (so a failure names its
/// case), and a floor on how many cases there are, so that a table cannot shrink without a test saying so.
/// </summary>
public abstract class BadInputTable<TTable, TInput>(int floor)
    where TTable : IBadInputTable<TInput>
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "xUnit's MemberData reads a static member of the test class or its bases.")]
    public static TheoryData<string> CaseNames() => new(TTable.Cases.Keys);

    [Fact]
    public void Cases_CoverTheFloor()
    {
        Assert.True(TTable.Cases.Count >= floor, $"{TTable.Cases.Count} cases, fewer than {floor}");
    }
}
