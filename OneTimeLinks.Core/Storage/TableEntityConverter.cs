using System.Reflection;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// Turns a dynamic row into one of our typed rows. Needed where one query returns rows of several shapes (calendar,
/// link and idempotency record in a single round trip); the SDK only deserializes a whole query as one type.
/// </summary>
internal static class TableEntityConverter
{
    public static T ToTyped<T>(TableEntity row)
        where T : TableRow, new()
    {
        var entity = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, Timestamp = row.Timestamp, ETag = row.ETag };
        foreach (var property in Properties<T>.Writable)
        {
            if (!row.TryGetValue(property.Name, out var value) || value is null)
            {
                continue;
            }

            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(entity, value switch
            {
                DateTime dateTime when target == typeof(DateTimeOffset) => new DateTimeOffset(dateTime),
                _ when target.IsInstanceOfType(value) => value,
                _ => System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return entity;
    }

    private static class Properties<T>
    {
        public static readonly PropertyInfo[] Writable = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.DeclaringType != typeof(TableRow))
            .ToArray();
    }
}
