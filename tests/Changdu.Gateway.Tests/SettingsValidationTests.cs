using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Tests;

/// <summary>Every options section is bound one way and validated when the host starts: a bad setting stops it with a sentence naming the setting.</summary>
public class SettingsValidationTests
{
    sealed class BadSettingFactory(string key, string value) : GatewayFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }
    }

    [Theory]
    // Read while the host is composed (it decides which store to open).
    [InlineData("Storage:BusyTimeout", "00:00:00", "BusyTimeout", "must be between")]
    [InlineData("Cluster:Mode", "3", "Mode", "is invalid")]
    // Read by the grains once the host runs.
    [InlineData("Rollup:OfferWindow", "00:00:00", "OfferWindow", "must be between")]
    // Read by the gateway's request pipeline.
    [InlineData("Limits:MaxRequestBodyBytes", "0", "MaxRequestBodyBytes", "must be between")]
    public async Task A_bad_setting_stops_start_up_naming_the_setting(string key, string value, string member, string sentence)
    {
        var factory = new BadSettingFactory(key, value);
        try
        {
            var failure = Record.Exception(() => factory.CreateClient());

            var validation = Assert.IsType<OptionsValidationException>(InnermostOptionsFailure(failure));
            Assert.Contains(member, validation.Message, StringComparison.Ordinal);
            Assert.Contains(sentence, validation.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    static Exception? InnermostOptionsFailure(Exception? failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is OptionsValidationException)
            {
                return current;
            }
        }
        return failure;
    }
}
