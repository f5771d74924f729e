namespace IamOperator.Controllers.InMemory;

/// <summary>
/// One call to <see cref="InMemoryKubernetesApi"/> as a fault injector sees it. <see cref="Verb"/> is one of
/// list, watch, get, create, update, patch, patch-status, delete, get-lease, create-lease, update-lease, create-event;
/// <see cref="Resource"/> is e.g. <c>widgets.example.com</c>, <c>leases.coordination.k8s.io</c>, <c>events.events.k8s.io</c> or <c>secrets</c>.
/// </summary>
public sealed record InMemoryRequest(string Verb, string Resource, string? Namespace, string? Name);
