using System.Data.Common;

namespace Changdu.Gateway.Hosting;

public static class DbCommands
{
    /// <summary>Adds a named parameter, the same way for SQLite and PostgreSQL.</summary>
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
