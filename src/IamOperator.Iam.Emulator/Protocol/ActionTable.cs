using System.Xml.Linq;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>The actions the emulator answers, by exact (case-sensitive) name as IAM matches them.</summary>
internal sealed class ActionTable
{
    private readonly Dictionary<string, EmulatorActionHandler> actions = new(StringComparer.Ordinal);

    public void Read(string name, Func<IamRequest, XElement?> handle) => Add(new EmulatorActionHandler(name, false, handle));

    public void Write(string name, Func<IamRequest, XElement?> handle) => Add(new EmulatorActionHandler(name, true, handle));

    /// <summary>An action that changes emulator state but that IAM classifies as a read (access level Read), counted as a read.</summary>
    public void ReadThatChangesState(string name, Func<IamRequest, XElement?> handle) =>
        Add(new EmulatorActionHandler(name, true, handle) { CountsAsWrite = false });

    public EmulatorActionHandler? Find(string name) => actions.GetValueOrDefault(name);

    public IReadOnlyCollection<string> Names => actions.Keys;

    private void Add(EmulatorActionHandler action)
    {
        if (!actions.TryAdd(action.Name, action))
        {
            throw new InvalidOperationException($"Action {action.Name} is registered twice.");
        }
    }
}
