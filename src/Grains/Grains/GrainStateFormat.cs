using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace Changdu.Grains;

public static class GrainStateFormat
{
    /// <summary>
    /// Stores grain state in Orleans's own version-tolerant binary format, as it travels between
    /// silos: the state types carry [Id]s and [Alias]es, and value types such as UnitId and Period
    /// have no public setters, which the default JSON storage format would silently drop.
    /// </summary>
    public static ISiloBuilder UseOrleansBinaryGrainState(this ISiloBuilder silo)
    {
        silo.Services.Replace(ServiceDescriptor.Singleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>());
        return silo;
    }
}
