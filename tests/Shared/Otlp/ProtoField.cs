using System.Text;
using Google.Protobuf;

namespace IamOperator.Testing.Otlp;

/// <summary>One field of a protobuf message as it is on the wire: enough to read OTLP without its generated classes.</summary>
public readonly record struct ProtoField(int Number, ulong Scalar, byte[] Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    public string Hex => Convert.ToHexStringLower(Bytes);

    public double Double => BitConverter.Int64BitsToDouble((long)Scalar);

    public static IEnumerable<ProtoField> Read(byte[] message)
    {
        var input = new CodedInputStream(message);
        var fields = new List<ProtoField>();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add(new(number, input.ReadUInt64(), []));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new(number, input.ReadFixed64(), []));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add(new(number, input.ReadFixed32(), []));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new(number, 0, input.ReadBytes().ToByteArray()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> (repeated messages).</summary>
    public static IEnumerable<byte[]> Messages(byte[] message, int number) =>
        Read(message).Where(f => f.Number == number).Select(f => f.Bytes);
}
