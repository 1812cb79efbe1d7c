using Alerting.Diagnostics;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public sealed class InMemoryNotificationHistoryStoreTests : NotificationHistoryStoreContractTests
{
    private protected override IReadOnlyList<INotificationHistoryStore> CreateReplicas(int count, int capacity = 1_000) =>
        [.. Enumerable.Repeat(new InMemoryNotificationHistoryStore(capacity), count)];

    [Test]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.That(() => new InMemoryNotificationHistoryStore(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void GetRecent_NegativeMaxCount_Throws()
    {
        Assert.That(() => new InMemoryNotificationHistoryStore().GetRecentAsync(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
