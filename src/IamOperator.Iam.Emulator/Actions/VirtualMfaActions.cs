using System.Text.RegularExpressions;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// Virtual MFA devices of the account (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html):
/// created unassigned, assigned to a user by EnableMFADevice, unassigned again by DeactivateMFADevice,
/// and deletable only while unassigned (API_DeleteVirtualMFADevice).
/// </summary>
internal sealed partial class VirtualMfaActions(IamAccount account)
{
    private const int NameLength = 226;

    public void Register(ActionTable table)
    {
        table.Write("CreateVirtualMFADevice", CreateVirtualMfaDevice);
        table.Read("ListVirtualMFADevices", ListVirtualMfaDevices);
        table.Write("DeleteVirtualMFADevice", DeleteVirtualMfaDevice);
    }

    /// <summary>A virtual device's serial number is its ARN, arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME; hardware serials are not ARNs.</summary>
    public static bool IsVirtualSerial(string serial) => VirtualSerialPattern().IsMatch(serial);

    public static IamErrorException NoSuchDevice(string serial) =>
        IamError.NoSuchEntity($"VirtualMFADevice with serial number {serial} doesn't exist.").ToException();

    /// <summary>The seed comes back once, here; the emulator keeps no seed and checks no codes.</summary>
    private XElement CreateVirtualMfaDevice(IamRequest request)
    {
        var name = NameRules.Name(request, "VirtualMFADeviceName", NameLength);
        var path = NameRules.Path(request);
        var serial = account.Arn("mfa", path, name);
        if (account.VirtualMfaDevices.ContainsKey(serial))
        {
            throw IamError.EntityAlreadyExists("MFADevice entity at the same path and name already exists.").ToException();
        }

        account.VirtualMfaDevices.Add(serial, new VirtualMfaDeviceEntry(serial, account.Now));
        return Result(E("VirtualMFADevice", E("SerialNumber", serial), E("Base32StringSeed", IamAccount.NewBase32(64))));
    }

    /// <summary>AssignmentStatus Assigned, Unassigned or Any (the default).</summary>
    private XElement ListVirtualMfaDevices(IamRequest request)
    {
        var status = request.Optional("AssignmentStatus") ?? "Any";
        if (status is not ("Assigned" or "Unassigned" or "Any"))
        {
            throw IamError.Validation("assignmentStatus", status, "Member must satisfy enum value set: [Unassigned, Any, Assigned]").ToException();
        }

        var devices = account.VirtualMfaDevices.Values
            .Select(device => (Device: device, Assignment: account.Assignment(device.SerialNumber)))
            .Where(entry => status == "Any" || (entry.Assignment is null) == (status == "Unassigned"));
        var page = Pagination.Of(request, devices, entry => entry.Device.SerialNumber);
        return Result(page.Members("VirtualMFADevices", entry => new object?[]
        {
            E("SerialNumber", entry.Device.SerialNumber),
            entry.Assignment is { } assigned ? E("User", Shapes.User(assigned.User, withDetails: false)) : null,
            entry.Assignment is { } enabled ? E("EnableDate", Date(enabled.Device.EnableDate)) : null,
        }), page.Footer());
    }

    private XElement? DeleteVirtualMfaDevice(IamRequest request)
    {
        var serial = NameRules.SerialNumber(request);
        if (!account.VirtualMfaDevices.ContainsKey(serial))
        {
            throw NoSuchDevice(serial);
        }

        if (account.Assignment(serial) is { } assigned)
        {
            throw IamError.DeleteConflict($"VirtualMFADevice with serial number {serial} is enabled for user {assigned.User.Name}; deactivate it first.").ToException();
        }

        account.VirtualMfaDevices.Remove(serial);
        return null;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:mfa/")]
    private static partial Regex VirtualSerialPattern();
}
