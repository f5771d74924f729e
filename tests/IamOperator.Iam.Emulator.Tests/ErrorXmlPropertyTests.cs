using System.Text;
using System.Xml.Linq;
using CsCheck;
using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Whatever an error quotes, the answer is well-formed XML: no request can turn an error into an empty 500.</summary>
public sealed class ErrorXmlPropertyTests
{
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static string MessageOf(byte[] answer) =>
        XDocument.Parse(Encoding.UTF8.GetString(answer), LoadOptions.PreserveWhitespace).Root!.Element(Ns + "Error")!.Element(Ns + "Message")!.Value;

    [Fact]
    public void Error_quoting_any_text_is_well_formed_UTF_8_XML()
    {
        Gen.String[Gen.Char, 0, 40].Sample(text =>
        {
            var message = MessageOf(IamXml.Error(IamError.Validation("userName", text, "Member must not be null"), "id"));

            Assert.StartsWith("1 validation error detected", message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Text_XML_can_carry_is_quoted_unchanged()
    {
        Gen.String[Gen.Char['\u0020', '\uD7FF'], 0, 40].Sample(text =>
            Assert.Equal(text, MessageOf(IamXml.Error(new IamError("Code", text, 400), "id"))));
    }

    [Fact]
    public void Character_XML_cannot_carry_is_quoted_as_its_escape()
    {
        Gen.Select(Gen.String[Gen.Char['a', 'z'], 0, 10], Gen.Char['\u0000', '\u001F'], Gen.String[Gen.Char['a', 'z'], 0, 10])
            .Where((_, control, _) => control is not ('\t' or '\n' or '\r'))
            .Sample((before, control, after) =>
                Assert.Equal($"{before}\\u{(int)control:X4}{after}", MessageOf(IamXml.Error(new IamError("Code", before + control + after, 400), "id"))));
    }
}
