using System.Collections;
using System.Collections.ObjectModel;
using System.Data.Common;

namespace Fraud.Orleans.Cli.Scores;

/// <summary>
/// Presents a sequence of our own records as a forward-only, never-null <see cref="DbDataReader"/>, which is what
/// Sylvan's <c>CsvDataWriter</c> writes from. Subclasses name the columns and serve their typed getters; the
/// getters a column type does not use throw.
/// </summary>
public abstract class RecordDataReader : DbDataReader, IDbColumnSchemaGenerator
{
    private readonly string[] _names;
    private readonly Type[] _types;

    protected RecordDataReader(IReadOnlyList<(string Name, Type Type)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _names = columns.Select(c => c.Name).ToArray();
        _types = columns.Select(c => c.Type).ToArray();
    }

    public override int FieldCount => _names.Length;

    /// <summary>Every column typed and never null, so that a writer formats each value without null checks.</summary>
    public ReadOnlyCollection<DbColumn> GetColumnSchema() =>
        _names.Select((name, i) => (DbColumn)new Column(name, i, _types[i])).ToList().AsReadOnly();

    public override int Depth => 0;

    public override bool HasRows => true;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override string GetName(int ordinal) => _names[ordinal];

    public override int GetOrdinal(string name) => Array.IndexOf(_names, name);

    public override Type GetFieldType(int ordinal) => _types[ordinal];

    public override string GetDataTypeName(int ordinal) => _types[ordinal].Name;

    public override bool IsDBNull(int ordinal) => false;

    public override bool NextResult() => false;

    public override object GetValue(int ordinal) => Type.GetTypeCode(_types[ordinal]) switch
    {
        TypeCode.Int32 => GetInt32(ordinal),
        TypeCode.Int64 => GetInt64(ordinal),
        TypeCode.Double => GetDouble(ordinal),
        TypeCode.Decimal => GetDecimal(ordinal),
        TypeCode.DateTime => GetDateTime(ordinal),
        _ => GetString(ordinal),
    };

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override int GetInt32(int ordinal) => throw Unsupported(ordinal);

    public override long GetInt64(int ordinal) => throw Unsupported(ordinal);

    public override double GetDouble(int ordinal) => throw Unsupported(ordinal);

    public override decimal GetDecimal(int ordinal) => throw Unsupported(ordinal);

    public override DateTime GetDateTime(int ordinal) => throw Unsupported(ordinal);

    public override string GetString(int ordinal) => throw Unsupported(ordinal);

    public override bool GetBoolean(int ordinal) => throw Unsupported(ordinal);

    public override byte GetByte(int ordinal) => throw Unsupported(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw Unsupported(ordinal);

    public override char GetChar(int ordinal) => throw Unsupported(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw Unsupported(ordinal);

    public override Guid GetGuid(int ordinal) => throw Unsupported(ordinal);

    public override short GetInt16(int ordinal) => throw Unsupported(ordinal);

    public override float GetFloat(int ordinal) => throw Unsupported(ordinal);

    private NotSupportedException Unsupported(int ordinal) =>
        new($"Column {_names[ordinal]} is a {_types[ordinal].Name}: read it with its own getter.");

    private sealed class Column : DbColumn
    {
        public Column(string name, int ordinal, Type type)
        {
            ColumnName = name;
            ColumnOrdinal = ordinal;
            DataType = type;
            DataTypeName = type.Name;
            AllowDBNull = false;
        }
    }
}
