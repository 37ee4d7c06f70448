using Changdu.Gateway.Security;

namespace Changdu.Gateway.Tests;

public class RecentCacheTests
{
    [Fact]
    public void Holds_at_most_its_capacity_however_many_keys_it_is_given()
    {
        var cache = new RecentCache<int, string>(100);

        for (var key = 0; key < 10_000; key++)
        {
            cache.Set(key, key.ToString());
            Assert.True(cache.Count <= 100, $"{cache.Count} entries after {key + 1} keys");
        }
        Assert.True(cache.TryGet(9_999, out var newest));
        Assert.Equal("9999", newest);
        Assert.False(cache.TryGet(0, out _));
    }

    [Fact]
    public void An_entry_read_often_stays_while_others_come_and_go()
    {
        var cache = new RecentCache<int, string>(10);
        cache.Set(-1, "kept");

        for (var key = 0; key < 1_000; key++)
        {
            cache.Set(key, "passing");
            Assert.True(cache.TryGet(-1, out var kept), $"dropped after {key + 1} others");
            Assert.Equal("kept", kept);
        }
    }

    [Fact]
    public void A_key_set_again_takes_the_new_value_and_no_second_place()
    {
        var cache = new RecentCache<string, int>(4);

        cache.Set("a", 1);
        cache.Set("a", 2);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void Clear_drops_both_generations()
    {
        var cache = new RecentCache<int, int>(4);
        for (var key = 0; key < 3; key++)
        {
            cache.Set(key, key);
        }

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(0, out _));
        Assert.False(cache.TryGet(2, out _));
    }
}
