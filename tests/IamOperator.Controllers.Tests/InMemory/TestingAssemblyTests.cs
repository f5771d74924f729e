using System.Reflection;
using IamOperator.Controllers.InMemory;

namespace IamOperator.Controllers.Tests.InMemory;

public class TestingAssemblyTests
{
    [Fact]
    public void The_in_memory_Kubernetes_API_ships_in_the_testing_assembly_and_never_in_the_operator()
    {
        var testing = typeof(InMemoryKubernetesApi).Assembly;

        Assert.Equal("IamOperator.Controllers.Testing", testing.GetName().Name);
        Assert.DoesNotContain(typeof(IKubernetesApi).Assembly.GetTypes(), t => t.Namespace == typeof(InMemoryKubernetesApi).Namespace);
        var operatorAssembly = Assembly.Load("IamOperator.Controllers");
        Assert.DoesNotContain(operatorAssembly.GetReferencedAssemblies(), a => a.Name == testing.GetName().Name);
    }
}
