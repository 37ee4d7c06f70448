using Orleans.Serialization;

namespace Changdu.Grains;

/// <summary>A fact's payload: the Orleans binary form of its type, whose aliases keep stored rows readable across renames.</summary>
public sealed class FactCodec(Serializer serializer)
{
    public byte[] Encode<T>(T value) => serializer.SerializeToArray(value);

    public T Decode<T>(byte[] payload) => serializer.Deserialize<T>(payload)!;

    public T Decode<T>(ReadOnlySpan<byte> payload) => serializer.Deserialize<T>(payload)!;
}
