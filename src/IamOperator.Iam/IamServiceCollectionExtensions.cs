using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IamOperator.Iam;

public static class IamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IIamApi"/> as a singleton built from <see cref="IamClientOptions"/>
    /// (configure them here or bind them in the host), sharing the process-wide rate limiter of
    /// the endpoint. Uses the container's TimeProvider, ILoggerFactory and IMeterFactory when present.
    /// </summary>
    public static IServiceCollection AddIamClient(this IServiceCollection services, Action<IamClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IamClientOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.Validate(o => { o.Validate(); return true; });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIamApi>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<IamClientOptions>>().Value;
            return IamClientFactory.CreateQueryClient(settings, provider.GetService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>(),
                provider.GetService<IMeterFactory>());
        });
        return services;
    }
}
