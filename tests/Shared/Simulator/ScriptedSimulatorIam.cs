using System.Reflection;
using IamOperator.Iam;

namespace IamOperator.Testing;

/// <summary>
/// An <see cref="IIamApi"/> that answers only SimulatePrincipalPolicy, from a function of (action, resource), and
/// records each request; any other call fails the test. Shared by the simulator tests of apply and the controller.
/// </summary>
public class ScriptedSimulatorIam : DispatchProxy
{
    public Func<string, string, PolicySimulationResult> Answer { get; set; } = (a, r) => new(a, r, SimulationDecision.Allowed, [], [], null, null);

    public Exception? Failure { get; set; }

    public List<PolicySimulationRequest> Requests { get; } = [];

    public static (IIamApi Iam, ScriptedSimulatorIam Script) Create()
    {
        var proxy = Create<IIamApi, ScriptedSimulatorIam>();
        return (proxy, (ScriptedSimulatorIam)(object)proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IIamApi.SimulatePrincipalPolicyAsync))
        {
            throw new InvalidOperationException($"unexpected IAM call {targetMethod?.Name}");
        }

        var request = (PolicySimulationRequest)args![1]!;
        Requests.Add(request);
        if (Failure is not null)
        {
            return Task.FromException<IReadOnlyList<PolicySimulationResult>>(Failure);
        }

        IReadOnlyList<PolicySimulationResult> results = [.. request.ActionNames.SelectMany(a => (request.ResourceArns ?? ["*"]).Select(r => Answer(a, r)))];
        return Task.FromResult(results);
    }
}
