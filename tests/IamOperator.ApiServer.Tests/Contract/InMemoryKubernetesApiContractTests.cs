using IamOperator.Controllers;
using IamOperator.Controllers.InMemory;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>The contract suite against the in-memory API the controller tests use.</summary>
public sealed class InMemoryKubernetesApiContractTests : KubernetesApiContract
{
    private readonly InMemoryKubernetesApi api = new();

    protected override IKubernetesApi Api => api;

    protected override async Task ProvokeBookmarksAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            api.SendBookmarks();
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    protected override async Task SendDueBookmarksThenEndWatchesAsync(CancellationToken cancellationToken)
    {
        while (api.OpenWatches == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        api.SendBookmarks();
        api.CloseWatches();
    }

    protected override Task ForgetWatchHistoryAsync()
    {
        api.Compact();
        return Task.CompletedTask;
    }
}
