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
    public async Task Writers_and_readers_at_once_keep_it_bounded_and_every_hit_right()
    {
        const int writers = 4;
        var cache = new RecentCache<int, int>(64);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(() =>
        {
            for (var round = 0; round < 20_000; round++)
            {
                var key = (round * writers + writer) % 1_000;
                cache.Set(key, key * 2);
                if (cache.TryGet((key + 7) % 1_000, out var value))
                {
                    Assert.Equal(((key + 7) % 1_000) * 2, value);
                }
                Assert.True(cache.Count <= 64 + writers, $"{cache.Count} entries");
            }
        })));
    }
}
