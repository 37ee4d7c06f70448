using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Changdu.Hosting;

/// <summary>
/// The one way every options class is bound: from its configuration section, checked by its data
/// annotations when the host starts, so a bad setting stops the process with a sentence naming it
/// instead of failing an hour later.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, validated on start; registering it twice binds it once.</summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        if (!services.Any(service => service.ServiceType == typeof(IValidateOptions<T>) && service.ImplementationInstance is DataAnnotationValidateOptions<T>))
        {
            services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        }
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="T"/> as <see cref="AddValidatedOptions{T}(IServiceCollection, string)"/> does and
    /// answers its value now, for the settings that decide how the host is composed (which store, which clustering).
    /// </summary>
    public static T AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class
    {
        services.AddValidatedOptions<T>(section);
        return Read<T>(configuration, section);
    }

    /// <summary>The value of <typeparamref name="T"/> bound and validated the same way, before any host exists (commands that do not start one).</summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : class
    {
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddValidatedOptions<T>(section);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }
}
