using System.Security.Cryptography;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Service-specific credentials: a user name and password for one service, such as Git credentials for
/// CodeCommit (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html).
/// They block DeleteUser until deleted. No Update…/Reset… action here, so every credential is Active.
/// </summary>
internal sealed class ServiceSpecificCredentialActions(IamAccount account)
{
    /// <summary>
    /// Services whose credentials take the ServiceUserName/ServicePassword form. Bedrock API keys
    /// (alias and secret instead) are not emulated and answer NotSupportedService like any other service.
    /// </summary>
    private static readonly HashSet<string> SupportedServices = new(StringComparer.Ordinal) { "codecommit.amazonaws.com", "cassandra.amazonaws.com" };

    public void Register(ActionTable table)
    {
        table.Write("CreateServiceSpecificCredential", CreateServiceSpecificCredential);
        table.Read("ListServiceSpecificCredentials", ListServiceSpecificCredentials);
        table.Write("DeleteServiceSpecificCredential", DeleteServiceSpecificCredential);
    }

    /// <summary>The password comes back once, here, and is not kept.</summary>
    private XElement CreateServiceSpecificCredential(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var service = request.Required("ServiceName");
        if (!SupportedServices.Contains(service))
        {
            throw IamError.NotSupportedService($"Service {service} is not supported for service-specific credentials.").ToException();
        }

        if (user.ServiceSpecificCredentials.Count(credential => credential.ServiceName == service) >= account.Quotas.ServiceSpecificCredentialsPerService)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {account.Quotas.ServiceSpecificCredentialsPerService}").ToException();
        }

        var credential = new ServiceSpecificCredentialEntry(IamAccount.NewKeyId("ACCA"), service, $"{user.Name}-at-{account.AccountId}", account.Now);
        user.ServiceSpecificCredentials.Add(credential);
        var password = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", 44);
        return Result(E("ServiceSpecificCredential", [.. Metadata(user, credential), E("ServicePassword", password)]));
    }

    /// <summary>ServiceName filters; Marker/MaxItems page (added to the API with Bedrock API keys).</summary>
    private XElement ListServiceSpecificCredentials(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: false);
        var service = request.Optional("ServiceName");
        var credentials = user.ServiceSpecificCredentials.Where(credential => service is null || credential.ServiceName == service);
        var page = Pagination.Of(request, credentials, credential => credential.ServiceSpecificCredentialId);
        return Result(page.Members("ServiceSpecificCredentials", credential => Metadata(user, credential)), page.Footer());
    }

    private XElement? DeleteServiceSpecificCredential(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: true);
        var id = NameRules.CredentialId(request, "ServiceSpecificCredentialId", 20);
        Credentials.Remove(user.ServiceSpecificCredentials, credential => credential.ServiceSpecificCredentialId, id, "Service Specific Credential");
        return null;
    }

    private static object[] Metadata(UserEntity user, ServiceSpecificCredentialEntry credential) =>
    [
        E("UserName", user.Name), E("Status", "Active"), E("ServiceUserName", credential.ServiceUserName),
        E("CreateDate", Date(credential.CreateDate)), E("ServiceSpecificCredentialId", credential.ServiceSpecificCredentialId),
        E("ServiceName", credential.ServiceName),
    ];
}
