using k8s;
using k8s.Models;

namespace IamOperator.Resources;

/// <summary>Kind-independent access to any of the four kinds.</summary>
public interface IIamResource : IKubernetesObject<V1ObjectMeta>
{
    IamEntitySpec Spec { get; }
    IamResourceStatus? Status { get; set; }
}
