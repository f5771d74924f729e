using System.Xml.Linq;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>The actions the emulator answers, by exact (case-sensitive) name as IAM matches them.</summary>
internal sealed class ActionTable
{
    private readonly Dictionary<string, IamAction> _actions = new(StringComparer.Ordinal);

    public void Read(string name, Func<IamRequest, XElement?> handle) => Add(new IamAction(name, false, handle));

    public void Write(string name, Func<IamRequest, XElement?> handle) => Add(new IamAction(name, true, handle));

    public IamAction? Find(string name) => _actions.GetValueOrDefault(name);

    public IReadOnlyCollection<string> Names => _actions.Keys;

    private void Add(IamAction action)
    {
        if (!_actions.TryAdd(action.Name, action))
        {
            throw new InvalidOperationException($"Action {action.Name} is registered twice.");
        }
    }
}
