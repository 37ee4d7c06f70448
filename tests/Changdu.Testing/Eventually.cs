namespace Changdu.Testing;

/// <summary>Awaits a condition of the eventually-consistent rollup instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> Returns<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(25);
        }
    }
}
