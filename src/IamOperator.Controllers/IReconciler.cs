using k8s;
using k8s.Models;

namespace IamOperator.Controllers;

/// <summary>
/// Makes the world match one resource. Called with the latest cached state; never twice at once for one object.
/// A resource with <c>metadata.deletionTimestamp</c> set asks for cleanup: return <see cref="ReconcileResult.Success"/>
/// only when cleanup is done, and the runtime then removes its finalizer.
/// </summary>
public interface IReconciler<in T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(T resource, ReconcileTrigger trigger, CancellationToken cancellationToken);
}
