using System.Xml.Linq;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>How the emulator answers one IAM action: its name, whether it changes state, and what it does. A null result means no Result element.</summary>
internal sealed record EmulatorActionHandler(string Name, bool IsWrite, Func<IamRequest, XElement?> Handle);
