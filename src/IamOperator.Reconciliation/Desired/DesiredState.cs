using IamOperator.Policies;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// What <see cref="DesiredStateBuilder"/> made of a resource: always its <see cref="Identity"/>;
/// the <see cref="Entity"/> and the guardrail <see cref="Subject"/> only when the spec is valid and
/// every dependency resolved. <see cref="Problems"/> are spec errors (field path and rule);
/// <see cref="MissingDependencies"/> are references not usable yet.
/// </summary>
public sealed record DesiredState(
    EntityIdentity Identity,
    DesiredEntity? Entity,
    GuardrailSubject? Subject,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> MissingDependencies);
