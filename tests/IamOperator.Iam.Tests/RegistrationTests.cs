using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IamOperator.Iam.Tests;

/// <summary>How hosts obtain the client: DI registration and the factory.</summary>
public class RegistrationTests
{
    [Fact]
    public void AddIamClient_registers_one_singleton_configured_from_options()
    {
        using var provider = new ServiceCollection()
            .AddIamClient(o => { o.Endpoint = new Uri("http://127.0.0.1:4599/"); o.Credentials = TestClients.ExampleCredentials; })
            .BuildServiceProvider();

        var first = provider.GetRequiredService<IIamApi>();
        Assert.IsType<IamQueryClient>(first);
        Assert.Same(first, provider.GetRequiredService<IIamApi>());
        Assert.Equal(new Uri("http://127.0.0.1:4599/"), provider.GetRequiredService<IOptions<IamClientOptions>>().Value.Endpoint);
    }

    [Fact]
    public void AddIamClient_rejects_invalid_options_naming_the_setting()
    {
        using var provider = new ServiceCollection().AddIamClient(o => o.MaxAttempts = 0).BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IIamApi>());
        Assert.Contains("MaxAttempts", error.ToString());
    }

    [Fact]
    public void Default_options_are_the_global_endpoint_signed_for_us_east_1_with_no_fixed_rate_and_a_generous_throttling_wait()
    {
        var options = new IamClientOptions();

        Assert.Equal(new Uri("https://iam.amazonaws.com/"), options.Endpoint);
        Assert.Equal("us-east-1", options.SigningRegion);
        Assert.Null(options.RequestsPerSecond); // the adaptive limiter finds the rate
        Assert.Null(options.Burst);
        Assert.Equal(TimeSpan.FromMinutes(15), options.MaxThrottledWait);
        Assert.Null(options.Credentials);
    }

    [Fact]
    public void Factory_clients_of_one_endpoint_share_the_process_wide_limiter()
    {
        var options = new IamClientOptions { Endpoint = new Uri("http://127.0.0.1:4598/"), Credentials = TestClients.ExampleCredentials };
        using var first = (IamQueryClient)IamClientFactory.Create(options);
        using var second = (IamQueryClient)IamClientFactory.Create(options with { RequestsPerSecond = 99 });

        Assert.Same(IamRateLimiter.SharedFor(options.Endpoint, 1, 1), IamRateLimiter.SharedFor(new Uri("http://127.0.0.1:4598"), 5, 5));
        Assert.Null(IamRateLimiter.SharedFor(options.Endpoint, 1, 1).MaxRequestsPerSecond); // the first client asked for no ceiling
    }
}
