using Changdu.Hosting;
using Changdu.Hosting.Storage;

namespace Changdu.Gateway.Security;

/// <summary>
/// <c>token --unit &lt;unitId&gt; --role &lt;role&gt; [--name &lt;who&gt;] [--days N] [--Section:Key=value …]</c>:
/// prints a token the gateway accepts, alone on stdout. It reads the same configuration as the
/// server, so <c>--Storage:DataDirectory=…</c> or <c>--Auth:SigningKey=…</c> point it at the right key.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var (options, settings) = Split(args);
        if (!options.TryGetValue("--unit", out var unitText) || !UnitId.TryParse(unitText, out var unit)
            || !options.TryGetValue("--role", out var role) || !Roles.All.Contains(role))
        {
            Console.Error.WriteLine($"usage: token --unit <12-digit unit id> --role <{string.Join("|", Roles.All)}> [--name <who>] [--days N] [--Section:Key=value …]");
            return 2;
        }
        var days = options.TryGetValue("--days", out var daysText) && int.TryParse(daysText, out var parsed) && parsed is > 0 and <= 366 ? parsed : 30;
        var configuration = WebApplication.CreateBuilder(settings).Configuration;
        var auth = ValidatedOptions.Read<AuthOptions>(configuration, AuthOptions.Section);
        // Only where the key lives matters here, not whether the store is reachable.
        var storage = ValidatedOptions.Read<StorageOptions>(configuration, StorageOptions.Section);
        var issuer = new TokenIssuer(SigningKey.Resolve(auth, storage), auth, TimeProvider.System);
        Console.Out.WriteLine(issuer.Issue(unit, role, options.GetValueOrDefault("--name") ?? $"{role}@{unit}", TimeSpan.FromDays(days)));
        return 0;
    }

    static (Dictionary<string, string> Options, string[] Settings) Split(string[] args)
    {
        string[] names = ["--unit", "--role", "--name", "--days"];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (names.Contains(args[i]) && i + 1 < args.Length)
            {
                options[args[i]] = args[++i];
            }
            else
            {
                settings.Add(args[i]);
            }
        }
        return (options, settings.ToArray());
    }
}
