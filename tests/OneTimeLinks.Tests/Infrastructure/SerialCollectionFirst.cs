using Xunit.Abstractions;

[assembly: TestCollectionOrderer("OneTimeLinks.Tests.Infrastructure.SerialCollectionFirst", "OneTimeLinks.Tests")]

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Starts the <see cref="SerialCollection"/> before every other collection. xunit lets only as many tests run at once
/// as the machine has cores, in the order the collections asked; the serial collection is the longest chain of tests
/// in the run (the browser classes, one after another), so started last it ran alone for its final minutes while the
/// other core idled. Every other collection keeps the order xunit found it in.
/// </summary>
public sealed class SerialCollectionFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => collection.DisplayName == SerialCollection.Name ? 0 : 1);
}
